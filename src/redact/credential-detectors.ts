import type { Detector } from './detector.ts';
import { characterClasses, isLiteralSecretValue, isResourceName } from './entropy.ts';
import { looksLikeRandomSecret } from './high-entropy-detector.ts';

function secret(name: string, label: string, source: string, accept?: Detector['accept']): Detector {
  return { name, kind: 'secret', label, pattern: new RegExp(source, 'gdi'), ...(accept ? { accept } : {}) };
}

/** A value: quoted (may hold spaces) or a run up to the next separator. */
// `&` ends a value only where a query parameter follows (`password=a&b` keeps `a&b`; `password=a&ssl=1` stops).
const VALUE = `(?<secret>"[^"\\n]{1,300}"|'[^'\\n]{1,300}'|(?:[^\\s"',;&}<>]|&(?![A-Za-z_][\\w.-]*=))+)`;
const ASSIGN = `["']?\\s*(?:=>|:=|=|:)\\s*`;

/** An assigned token/API key: a literal with no whitespace that is not a plain word or a file path. */
function isAssignedToken(value: string): boolean {
  const v = value.replace(/^["']|["']$/g, '');
  if (!isLiteralSecretValue(v) || /\s/.test(v) || v.length < 8) return false;
  if (/^(?:\/|\.\/|~\/|file:|https?:\/\/[^@]*$)/.test(v)) return false;
  if (/^[A-Za-z][a-z]*(?:[_-][a-z]+)*$/.test(v)) return false; // a word or snake/kebab words
  if (/^\d{1,12}$/.test(v)) return false; // ttl, counts
  return true;
}

/** `arn:aws:secretsmanager:…:secret:prod/db-AbC123` names a secret; it does not hold one. */
function insideArn(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 200), start);
  const tokenStart = Math.max(before.lastIndexOf(' '), before.lastIndexOf('\n'), before.lastIndexOf('"')) + 1;
  return before.slice(tokenStart).startsWith('arn:');
}

/** Passwords, tokens and keys written next to a name that says what they are. */
export const CREDENTIAL_DETECTORS: readonly Detector[] = [
  secret('bearer-token', 'TOKEN', '(?<![A-Za-z0-9_])bearer\\s+(?<secret>[A-Za-z0-9._~+/-]{8,}=*)', (v) => !/^[A-Z]?[a-z]+$/.test(v)),
  secret(
    'authorization-header',
    'TOKEN',
    'authorization["\']?\\s*[:=]\\s*["\']?(?:(?:basic|bearer|token|digest|apikey|sso-key|negotiate|aws4-hmac-sha256)\\s+)?(?<secret>[^\\s"\',]{6,})',
    (v) => !/^[A-Z]?[a-z]+$/.test(v) && !/^(?:basic|bearer|token|digest|negotiate|required|failed|denied|header|missing)$/i.test(v),
  ),
  secret(
    'api-key-header',
    'TOKEN',
    '(?:x-api-key|api-key|x-auth-token|x-access-token|private-token|x-vault-token|x-goog-api-key|ocp-apim-subscription-key|x-amz-security-token|x-amz-signature|cookie)["\']?\\s*:\\s*["\']?(?<secret>[^\\s"\',]{8,})',
    (v) => isLiteralSecretValue(v),
  ),
  secret(
    'url-password',
    'PASSWORD',
    '(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]{1,20}://[^\\s:/@]*:(?<secret>[^\\s/]+)@',
    (v) => isLiteralSecretValue(v) && !/^\d{1,5}$/.test(v),
  ),
  secret(
    'url-query-credential',
    'TOKEN',
    '[?&;](?:access_token|id_token|refresh_token|token|api_key|apikey|api-key|key|sig|signature|x-amz-signature|x-amz-security-token|x-amz-credential|x-goog-signature|x-goog-credential|client_secret|password|passwd|pwd|secret|auth|code)=(?<secret>[^&;\\s"\'#]{8,})',
    (v) => isLiteralSecretValue(v),
  ),
  secret(
    'password-assignment',
    'PASSWORD',
    `(?:password|passwd|passphrase|pwd|_pass)${ASSIGN}${VALUE}`,
    // `PWD=/home/runner` is the shell's working directory, not a password
    (v) => isLiteralSecretValue(v) && !/^["']?\d{1,2}["']?$/.test(v) && !/^["']?~?\/[\w./-]*["']?$/.test(v),
  ),
  secret('password-flag', 'PASSWORD', '(?<![A-Za-z0-9-])(?:--password|--passwd|--pass)\\s+(?<secret>[^\\s"\']+)', (v) => isLiteralSecretValue(v)),
  secret(
    'credential-in-prose',
    'SECRET',
    '(?<![A-Za-z0-9])(?:password|passwd|pwd|pw|api[ _-]?key|token|secret|access[ _-]?key|secret[ _-]?key)\\s+(?:(?:is|was|to|now|=|:)\\s+){1,2}(?<secret>[^\\s]*[^\\s.,;:!?)])',
    (v) => {
      const c = characterClasses(v);
      const mixesLettersWithDigitsOrSymbols = c.upper + c.lower > 0 && c.digit + c.other > 0;
      return v.length >= 6 && mixesLettersWithDigitsOrSymbols && isLiteralSecretValue(v) && !/^[[/~]/.test(v) && !/^v?\d+(?:\.\d+)+/.test(v);
    },
  ),
  secret(
    'secret-assignment',
    'SECRET',
    `(?:token|secret|api[_-]?key|apikey|access[_-]?key(?:[_-]?id)?|secret[_-]?key|auth[_-]?key|private[_-]?key|client[_-]?secret|credentials?|creds|signing[_-]?key|encryption[_-]?key|master[_-]?key|session[_-]?(?:id|key)|dsn|connection[_-]?string|conn[_-]?str)${ASSIGN}${VALUE}`,
    (v, { text, start }) => isAssignedToken(v) && !insideArn(text, start),
  ),
  secret(
    'key-assignment',
    'SECRET',
    `(?:[_-]key|[a-z]key)${ASSIGN}${VALUE}`,
    (v) => {
      const value = v.replace(/^["']|["']$/g, '');
      return /^[0-9a-f]{32,}$/i.test(value) || looksLikeRandomSecret(value);
    },
  ),
  {
    name: 'env-key-assignment',
    kind: 'secret',
    label: 'SECRET',
    pattern: /(?<![A-Za-z0-9_])[A-Z][A-Z0-9_]*_(?:KEY|AUTH|SALT|PEPPER|SIGNATURE)\s*=\s*(?<secret>"[^"\n]{1,300}"|'[^'\n]{1,300}'|[^\s"',;&}]+)/dg,
    accept: (v) => isAssignedToken(v) && !isResourceName(v),
  },
];
