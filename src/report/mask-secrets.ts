/**
 * Masks the secret shapes that responders most often paste into incident channels, so that a report
 * printed or posted does not repeat them. Deliberately narrow (high-confidence shapes only); the full
 * redactor with stable placeholders belongs to the LLM/Slack layer.
 */
const SECRET_SHAPES: ReadonlyArray<[RegExp, string]> = [
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, '[AWS-KEY]'],
  [/\b(sk|rk|pk)_(live|test)_[0-9A-Za-z]{10,}\b/g, '[STRIPE-KEY]'],
  [/\bxox[abposr]-[0-9A-Za-z-]{10,}\b/g, '[SLACK-TOKEN]'],
  [/\bgh[pousr]_[0-9A-Za-z]{30,}\b/g, '[GITHUB-TOKEN]'],
  [/\beyJ[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]{8,}\b/g, '[JWT]'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[PRIVATE-KEY]'],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, '$1[PASSWORD]@'],
  [/\b(bearer\s+)[0-9A-Za-z._~+/-]{16,}=*/gi, '$1[TOKEN]'],
];

export function maskSecrets(text: string): string {
  let masked = text;
  for (const [shape, replacement] of SECRET_SHAPES) masked = masked.replace(shape, replacement);
  return masked;
}
