/** Slack's limit for channel names. */
const MAX_CHANNEL_NAME = 80;

/**
 * The incident channel's name, `inc-<YYYYMMDD>-<slug>`: lowercase ASCII letters, digits and single
 * hyphens only (Slack rejects spaces, periods and most punctuation), at most 80 characters.
 * The date is the UTC day the incident was declared.
 */
export function incidentChannelName(title: string, declaredAtMs: number): string {
  const day = new Date(declaredAtMs).toISOString().slice(0, 10).replaceAll('-', '');
  const prefix = `inc-${day}-`;
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_CHANNEL_NAME - prefix.length)
    .replace(/-+$/, '');
  return `${prefix}${slug || 'incident'}`;
}

/** A different name for the same incident when the first is taken: `…-2`, `…-3`, within 80 characters. */
export function withNameSuffix(name: string, attempt: number): string {
  const suffix = `-${attempt}`;
  return `${name.slice(0, MAX_CHANNEL_NAME - suffix.length).replace(/-+$/, '')}${suffix}`;
}
