import { describe, expect, it } from 'vitest';
import { ALL_DETECTORS } from './all-detectors.ts';
import { findSpans } from './find-spans.ts';

/** The detector that claimed the first span, and the text with every span replaced by `<>`. */
function detect(text: string): { detector: string | undefined; masked: string } {
  const spans = findSpans(text, ALL_DETECTORS);
  let masked = '';
  let at = 0;
  for (const s of spans) {
    masked += `${text.slice(at, s.start)}<>`;
    at = s.end;
  }
  return { detector: spans[0]?.detector, masked: masked + text.slice(at) };
}

describe('built-in detectors', () => {
  it.each([
    ['slack-token', 'tok xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'tok <>'],
    ['slack-app-token', 'xapp-1-A0ABCDEFGH1-1234567890123-0a1b2c3d4e5f', '<>'],
    ['slack-webhook-url', 'url https://hooks.slack.com/services/T0ABCDEFG/B0ABCDEFGH/AbCdEfGhIjKlMnOpQrStUvWx ok', 'url <> ok'],
    ['github-token', 'ghs_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', '<>'],
    ['github-fine-grained-pat', 'github_pat_11ABCDEFG0123456789_AbCdEfGhIjKlMnOpQrStUvWxYz', '<>'],
    ['aws-access-key-id', 'id ASIAY34FZKBOKMUTVV7A,', 'id <>,'],
    ['aws-secret-access-key', 'aws_secret_access_key=Xq2+7uT9bV1mN4pL8kR3sW6yZ0aC5dE7fG9hJ2kL', 'aws_secret_access_key=<>'],
    ['gcp-api-key', 'key AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q', 'key <>'],
    ['gcp-private-key-id', '"private_key_id": "0123456789abcdef0123456789abcdef01234567"', '"private_key_id": "<>"'],
    ['stripe-key', 'rk_live_AbCdEf0123456789GhIjKl', '<>'],
    ['stripe-webhook-secret', 'whsec_AbCdEf0123456789GhIjKlMnOpQr', '<>'],
    ['jwt', 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.AbCdEf012345-_xyz', 'jwt <>'],
    ['pem-private-key', '"-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\n-----END PRIVATE KEY-----\\n"', '"<>\\n"'],
    ['bearer-token', 'Bearer AbCdEf0123456789.xyz', 'Bearer <>'],
    ['authorization-header', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', 'Authorization: Basic <>'],
    ['api-key-header', 'X-Api-Key: 0123456789abcdef', 'X-Api-Key: <>'],
    ['url-password', 'mongodb+srv://svc:Pa55-w0rd@cluster0.mongodb.net/db', 'mongodb+srv://svc:<>@cluster0.mongodb.net/db'],
    ['url-query-credential', 'https://x.io/cb?code=AbCdEf012345&state=1', 'https://x.io/cb?code=<>&state=1'],
    ['password-assignment', 'Data Source=db, Password=Abc!12345, Encrypt=true', 'Data Source=db, Password=<>, Encrypt=true'],
    ['password-flag', 'mysql --password hunter2x -e', 'mysql --password <> -e'],
    ['credential-in-prose', 'the admin password is now Winter2026#x.', 'the admin password is now <>.'],
    ['secret-assignment', 'client_secret: "AbCdEf0123456789"', 'client_secret: <>'],
    ['key-assignment', 'routing_key: 0123456789abcdef0123456789abcdef', 'routing_key: <>'],
    ['env-key-assignment', 'STRIPE_SIGNING_SALT=AbC123dEf456', 'STRIPE_SIGNING_SALT=<>'],
    ['high-entropy-string', 'pasted Zk8pQ2mX7vR4tN9wL3bY6cJ1 by mistake', 'pasted <> by mistake'],
    ['email-address', 'mail first.last+tag@mail.example.co.uk now', 'mail <> now'],
    ['card-number', 'card 3782-822463-10005 declined', 'card <> declined'],
    ['phone-international', 'tel +1 (415) 555-0132', 'tel <>'],
    ['phone-nanp', 'cell 415.555.0132', 'cell <>'],
    ['phone-national-trunk', 'office 030 1234 5678', 'office <>'],
  ])('%s finds the value in %j', (detector, text, masked) => {
    expect(detect(text)).toEqual({ detector, masked });
  });

  it.each([
    ['git SHA near "secret"', 'rotated the secret in 9fceb02d0ae598e95dc970b74767f19372d61af8'],
    ['UUID', 'X-Request-ID: 9c5b94b1-35ad-49bb-b118-8e8fc24abf80'],
    ['k8s secret name', 'secret: payments-db-credentials'],
    ['variable reference', 'password: ${DB_PASSWORD}'],
    ['working directory', 'PWD=/home/runner/work'],
    ['Luhn-invalid card', 'card 4111 1111 1111 1112'],
    ['trace id in decimal', 'dd.trace_id=4111111111111111'],
    ['timestamp', '2026-11-29 23:03:25.123'],
    ['CamelCase identifier', 'OrderServiceV2ClientImplV3Handler'],
    ['base64 of a sentence', Buffer.from('the checkout service timed out').toString('base64')],
    ['host login', 'ssh ec2-user@ip-10-0-1-5.ec2.internal'],
    ['ARN naming a secret', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbC123'],
    ['counts', 'pass: 120 fail: 3'],
  ])('leaves a %s alone', (_, text) => {
    expect(detect(text)).toEqual({ detector: undefined, masked: text });
  });
});
