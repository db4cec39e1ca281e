/** The parts of a Slack message attachment that carry text (all optional, as in real exports). */
export interface SlackAttachment {
  pretext?: string | null;
  title?: string | null;
  text?: string | null;
  fallback?: string | null;
  fields?: ReadonlyArray<{ title?: string | null; value?: string | null }> | null;
}

/** Text shorter than this is considered a mere header for the attachments below it. */
export const SHORT_TEXT_CHARS = 40;

/**
 * Folds bot attachments into a message's mrkdwn text when the text is empty or short: pretext, title,
 * text and `field: value` lines of each attachment (its `fallback` only when it has none of those),
 * skipping parts the text already contains. Returns mrkdwn (still to be decoded).
 */
export function foldAttachments(text: string, attachments: readonly SlackAttachment[] | undefined): string {
  if (!attachments || attachments.length === 0 || text.trim().length >= SHORT_TEXT_CHARS) return text;
  const parts: string[] = [];
  const seen = (part: string) => text.includes(part) || parts.includes(part);
  for (const a of attachments) {
    const own: string[] = [];
    for (const part of [a.pretext, a.title, a.text]) if (part?.trim()) own.push(part.trim());
    for (const f of a.fields ?? []) {
      const title = f.title?.trim();
      const value = f.value?.trim();
      if (title && value) own.push(`${title}: ${value}`);
      else if (title || value) own.push((title ?? value) as string);
    }
    if (own.length === 0 && a.fallback?.trim()) own.push(a.fallback.trim());
    for (const part of own) if (!seen(part)) parts.push(part);
  }
  if (parts.length === 0) return text;
  return text.trim() === '' ? parts.join('\n') : `${text.trim()}\n${parts.join('\n')}`;
}
