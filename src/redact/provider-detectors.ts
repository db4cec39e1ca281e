import type { Detector } from './detector.ts';
import { characterClasses } from './entropy.ts';

/** Token boundaries: a vendor token never continues a longer identifier. */
const B = '(?<![A-Za-z0-9_])';
const E = '(?![A-Za-z0-9_])';

function secret(name: string, label: string, source: string, accept?: Detector['accept'], flags = 'gd'): Detector {
  return { name, kind: 'secret', label, pattern: new RegExp(source, flags), ...(accept ? { accept } : {}) };
}

/** Credentials whose shape names the vendor: the prefix alone makes them certain. */
export const PROVIDER_DETECTORS: readonly Detector[] = [
  secret('slack-token', 'SLACK-TOKEN', `${B}xox(?:e\\.xox[a-z]|[abposre])-[0-9A-Za-z-]{10,}`),
  secret('slack-app-token', 'SLACK-TOKEN', `${B}xapp-[0-9A-Za-z-]{10,}`),
  secret('slack-webhook-url', 'SLACK-WEBHOOK', 'https?://hooks\\.slack(?:-gov)?\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{8,}'),
  secret('github-token', 'GITHUB-TOKEN', `${B}gh[pousr]_[A-Za-z0-9]{30,255}${E}`),
  secret('github-fine-grained-pat', 'GITHUB-TOKEN', `${B}github_pat_[A-Za-z0-9_]{22,255}`),
  secret('gitlab-token', 'GITLAB-TOKEN', `${B}gl(?:pat|dt|rt|cbt|ptt|oas)-[A-Za-z0-9_-]{20,}`),
  secret('aws-access-key-id', 'AWS-KEY', `${B}(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])`),
  secret(
    'aws-secret-access-key',
    'AWS-KEY',
    '(?<![A-Za-z0-9/+])(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])',
    (value, { text, start }) => {
      if (/^[0-9a-f]+$/i.test(value)) return false; // a git SHA next to the word "secret" is still a SHA
      const c = characterClasses(value);
      if (c.upper === 0 || c.lower === 0) return false;
      return /aws|secret|access.?key|sk=/i.test(text.slice(Math.max(0, start - 120), start));
    },
  ),
  secret('gcp-api-key', 'GCP-KEY', `${B}AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])`),
  secret('gcp-private-key-id', 'GCP-KEY', 'private_key_id\\\\?["\']?\\s*[:=]\\s*\\\\?["\']?(?<secret>[A-Za-z0-9]{16,})'),
  secret('stripe-key', 'STRIPE-KEY', `${B}(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{10,}`),
  secret('stripe-webhook-secret', 'STRIPE-KEY', `${B}whsec_[0-9A-Za-z+/=]{20,}`),
  secret('openai-key', 'API-KEY', `${B}sk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}`),
  secret('npm-token', 'API-KEY', `${B}npm_[A-Za-z0-9]{36}${E}`),
  secret('sendgrid-key', 'API-KEY', `${B}SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64}`),
  secret('vault-token', 'VAULT-TOKEN', `${B}hv[sbr]\\.[A-Za-z0-9_-]{20,}`),
  secret('digitalocean-token', 'API-KEY', `${B}do[por]_v1_[a-f0-9]{64}`),
  secret('shopify-token', 'API-KEY', `${B}shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}`),
  secret('jwt', 'JWT', `${B}eyJ[0-9A-Za-z_-]{8,}\\.[0-9A-Za-z_-]{8,}\\.[0-9A-Za-z_-]{6,}`),
  secret(
    'pem-private-key',
    'PRIVATE-KEY',
    '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)',
  ),
];
