/** Looks a Slack id (`U123`, `C123`) up; undefined when unknown. */
export type NameLookup = (id: string) => string | undefined;

const NO_NAMES: NameLookup = () => undefined;
const ANGLE = /<([^<>]*)>/g;
const ENTITY = /&(amp|lt|gt);/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/**
 * Decodes Slack mrkdwn into plain text: `<@U1>` → `@alice` (via `userName`, else `@U1`), `<@U1|bob>` → `@bob`,
 * `<#C1|inc-x>` → `#inc-x` (`<#C1>` via `channelName`), `<!here>` → `@here`, `<!subteam^S1|@sre>` → `@sre`,
 * `<!date^…|fallback>` → `fallback`, `<https://x|label>` → `label`, `<https://x>` → `https://x`; then
 * unescapes `&amp; &lt; &gt;`. Formatting marks (`*bold*`, `_it_`, backticks) are kept.
 */
export function decodeMrkdwn(text: string, userName: NameLookup = NO_NAMES, channelName: NameLookup = NO_NAMES): string {
  if (text === '') return text;
  const decoded = text.includes('<') ? text.replace(ANGLE, (_match, inner: string) => decodeAngle(inner, userName, channelName)) : text;
  return decoded.includes('&') ? decoded.replace(ENTITY, (_m, name: string) => ENTITIES[name] ?? '') : decoded;
}

function decodeAngle(inner: string, userName: NameLookup, channelName: NameLookup): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : inner.slice(bar + 1);
  switch (target[0]) {
    case '@': {
      if (label) return label.startsWith('@') ? label : `@${label}`;
      const id = target.slice(1);
      return `@${userName(id) ?? id}`;
    }
    case '#': {
      if (label) return `#${label}`;
      const id = target.slice(1);
      return `#${channelName(id) ?? id}`;
    }
    case '!': {
      const command = target.slice(1);
      if (label) return label.startsWith('@') || command.startsWith('date^') ? label : `@${label}`;
      if (command.startsWith('subteam^')) return `@${command.slice('subteam^'.length)}`;
      return `@${command}`;
    }
    default:
      return label ?? target;
  }
}
