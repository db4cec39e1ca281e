/**
 * Best-effort mrkdwn from Slack Block Kit `blocks`, for messages whose `text` is empty: section/header
 * text and fields, and rich_text elements (text, user/channel mentions, links, emoji). Unknown shapes are ignored.
 */
export function blocksToMrkdwn(blocks: unknown): string {
  if (!Array.isArray(blocks)) return '';
  const lines: string[] = [];
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    const text = textOf(block.text);
    if (text) lines.push(text);
    if (Array.isArray(block.fields)) for (const f of block.fields) { const t = textOf(f); if (t) lines.push(t); }
    if (block.type === 'rich_text' && Array.isArray(block.elements)) {
      const rich = richText(block.elements).trim();
      if (rich) lines.push(rich);
    }
  }
  return lines.join('\n');
}

function textOf(value: unknown): string {
  return isRecord(value) && typeof value.text === 'string' ? value.text.trim() : '';
}

function richText(elements: unknown[]): string {
  let out = '';
  for (const el of elements) {
    if (!isRecord(el)) continue;
    switch (el.type) {
      case 'text': out += typeof el.text === 'string' ? el.text : ''; break;
      case 'user': out += typeof el.user_id === 'string' ? `<@${el.user_id}>` : ''; break;
      case 'channel': out += typeof el.channel_id === 'string' ? `<#${el.channel_id}>` : ''; break;
      case 'usergroup': out += typeof el.usergroup_id === 'string' ? `<!subteam^${el.usergroup_id}>` : ''; break;
      case 'broadcast': out += typeof el.range === 'string' ? `<!${el.range}>` : ''; break;
      case 'link': out += typeof el.url === 'string' ? (typeof el.text === 'string' ? `<${el.url}|${el.text}>` : `<${el.url}>`) : ''; break;
      case 'emoji': out += typeof el.name === 'string' ? `:${el.name}:` : ''; break;
      default:
        if (Array.isArray(el.elements)) out += (out && !out.endsWith('\n') ? '\n' : '') + richText(el.elements);
    }
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
