#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npm ci` needs no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`opsight: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
}
