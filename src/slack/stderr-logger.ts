import { LogLevel, type Logger } from '@slack/bolt';

const ORDER: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** Bolt's Logger writing one line per message to `write` (stderr by default), below `level` dropped. */
export function createStderrLogger(level: LogLevel = LogLevel.INFO, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  let current = level;
  let name = 'opsight';
  const log = (at: LogLevel) => (...msg: unknown[]) => {
    if (ORDER.indexOf(at) < ORDER.indexOf(current)) return;
    const text = msg.map((m) => (m instanceof Error ? (m.stack ?? m.message) : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
    write(`${new Date().toISOString()} ${at.toUpperCase()} [${name}] ${text}\n`);
  };
  return {
    debug: log(LogLevel.DEBUG),
    info: log(LogLevel.INFO),
    warn: log(LogLevel.WARN),
    error: log(LogLevel.ERROR),
    setLevel: (l) => void (current = l),
    getLevel: () => current,
    setName: (n) => void (name = n),
  };
}
