/**
 * Resolves when a served process should stop: on SIGINT or SIGTERM in both modes, and in `stdio`
 * mode also when stdin ends or closes. Removes its listeners once it resolves.
 */
export function waitForProcessShutdown(mode: 'stdio' | 'http'): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      process.stdin.off('end', done);
      process.stdin.off('close', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (mode === 'stdio') {
      process.stdin.once('end', done);
      process.stdin.once('close', done);
    }
  });
}
