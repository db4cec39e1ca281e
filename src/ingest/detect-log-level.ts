/** Log level names, normalised: what the aliases on the left mean. */
const ALIASES: Record<string, string> = {
  err: 'error', error: 'error', eror: 'error',
  warn: 'warn', warning: 'warn', wrn: 'warn',
  fatal: 'fatal', panic: 'fatal', crit: 'critical', critical: 'critical', emerg: 'critical', emergency: 'critical', alert: 'critical',
  info: 'info', inf: 'info', notice: 'info', information: 'info', informational: 'info',
  debug: 'debug', dbg: 'debug', trace: 'trace',
};

/** `level=error`, `"level":"error"`, `lvl: warn`, `severity="ERROR"` (JSON, logfmt, key: value). */
const KEYED = /\b(?:level|lvl|severity|loglevel)"?\s*[=:]\s*"?([A-Za-z]+)/i;
/** An upper-case level word (`ERROR`, `[WARN]`, `E!`-style logs excluded). */
const SHOUTED = /\b(FATAL|PANIC|CRITICAL|CRIT|ERROR|ERR|WARNING|WARN|INFO|DEBUG|TRACE)\b/;
/** A Go runtime panic. */
const GO_PANIC = /^panic: |\bgoroutine \d+ \[running\]/;

/**
 * Detects the level of a log line from its text: a keyed level (`level=error`, `"level":"error"`), else an
 * upper-case level word (`ERROR`, `WARN`, `FATAL`, `PANIC`), else a Go panic. Returns a normalised level
 * (`error`, `warn`, `fatal`, `critical`, `info`, `debug`, `trace`) or `'unknown'`.
 */
export function detectLogLevel(line: string): string {
  const keyed = KEYED.exec(line);
  if (keyed?.[1]) {
    const level = ALIASES[keyed[1].toLowerCase()];
    if (level) return level;
  }
  const shouted = SHOUTED.exec(line);
  if (shouted?.[1]) return ALIASES[shouted[1].toLowerCase()] ?? 'unknown';
  return GO_PANIC.test(line) ? 'fatal' : 'unknown';
}
