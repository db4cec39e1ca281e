export type LogStyle = 'logfmt' | 'json' | 'java' | 'plain';

/** Each service logs in one style, decided by its name so all scenarios agree. */
export function logStyleOf(service: string): LogStyle {
  let h = 7;
  for (let i = 0; i < service.length; i++) h = (h * 31 + service.charCodeAt(i)) >>> 0;
  return (['logfmt', 'json', 'java', 'plain'] as const)[h % 4] as LogStyle;
}

/**
 * One log line in the service's style. `fields` are structured extras (ids, durations);
 * a Loki line holds no timestamp of its own except in the java style, as real apps differ.
 */
export function formatLogLine(
  service: string, level: string, timeMs: number, msg: string, fields: Record<string, string | number> = {},
): string {
  const style = logStyleOf(service);
  const entries = Object.entries(fields);
  switch (style) {
    case 'json':
      return JSON.stringify({ level, ts: new Date(timeMs).toISOString(), service, msg, ...fields });
    case 'logfmt':
      return [`level=${level}`, `ts=${new Date(timeMs).toISOString()}`, `msg=${quote(msg)}`,
        ...entries.map(([k, v]) => `${k}=${quote(String(v))}`)].join(' ');
    case 'java': {
      const stamp = new Date(timeMs).toISOString().replace('T', ' ').replace('Z', '');
      const extra = entries.length > 0 ? ` ${entries.map(([k, v]) => `${k}=${v}`).join(' ')}` : '';
      return `${stamp} ${level.toUpperCase().padEnd(5)} [http-nio-8080-exec-${(timeMs / 1000) % 40 | 0}] c.e.${service.replace(/-/g, '')}.App - ${msg}${extra}`;
    }
    default: {
      const extra = entries.length > 0 ? ` (${entries.map(([k, v]) => `${k}=${v}`).join(', ')})` : '';
      return `${level.toUpperCase()}: ${msg}${extra}`;
    }
  }
}

function quote(v: string): string {
  return /[\s"=]/.test(v) ? JSON.stringify(v) : v;
}
