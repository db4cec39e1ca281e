/** Block Kit limits (https://api.slack.com/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  messageText: 4000,
} as const;

/** Cuts `text` to at most `max` characters, ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
