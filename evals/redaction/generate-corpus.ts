/**
 * Writes evals/redaction/secrets.jsonl and lookalikes.jsonl: synthetic (never real) secrets and harmless
 * look-alikes in incident-chat, log and alert sentences, from a fixed seed so the files are reproducible.
 * Run: node bin/run.js evals/redaction/generate-corpus.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LookalikeCase, SecretCase } from './corpus-case.ts';
import { mulberry32 } from '../../src/random/mulberry32.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));

const rand = mulberry32(20261129);
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const chars = (alphabet: string, n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
/** Random alphanumerics guaranteed to mix upper, lower and digits (as generated credentials do). */
function mixed(n: number, alphabet = ALNUM): string {
  for (;;) {
    const s = chars(alphabet, n);
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s)) return s;
  }
}
const b64url = (text: string) => Buffer.from(text).toString('base64url');
const digits = (n: number) => chars(DIGITS, n);

function luhnComplete(prefix: string, length: number): string {
  let body = prefix + digits(length - prefix.length - 1);
  for (let check = 0; check < 10; check++) if (luhnOk(body + check)) return body + check;
  body = ''; // unreachable: one check digit always works
  return body;
}
function luhnOk(s: string): boolean {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    let d = Number(s[s.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}
function group(s: string, sizes: number[], sep: string): string {
  const out: string[] = [];
  let at = 0;
  for (const n of sizes) {
    out.push(s.slice(at, at + n));
    at += n;
  }
  return out.join(sep);
}
function pem(type: string, lines: number, escaped = false): string {
  const nl = escaped ? '\\n' : '\n';
  const body = Array.from({ length: lines }, () => chars(B64, 64)).join(nl);
  return `-----BEGIN ${type}-----${nl}${body}${nl}${chars(B64, 20)}==${nl}-----END ${type}-----`;
}
const password = () => `${mixed(6)}${pick(['!', '#', '%', '*', '-', '_', '.', '$', '&'])}${mixed(5)}`;
const person = () => pick(['ana', 'bob', 'chen', 'dmitri', 'elif', 'farah', 'gus', 'hana', 'ivan', 'jo']);
const host = () => pick(['db-primary.prod.internal', 'payments-db.cluster-c9xq.eu-west-1.rds.amazonaws.com', '10.0.4.21', 'pg.svc.cluster.local']);

type Gen = () => { secret: string; text: string };
const SECRET_SHAPES: Array<[string, Gen[]]> = [
  ['slack', [
    () => { const s = `xoxb-${digits(12)}-${digits(13)}-${mixed(24)}`; return { secret: s, text: `bot token in the helm values is ${s}, someone rotate it pls` }; },
    () => { const s = `xoxp-${digits(11)}-${digits(12)}-${digits(13)}-${chars(HEX, 32)}`; return { secret: s, text: `[14:02] <${person()}> SLACK_USER_TOKEN=${s}` }; },
    () => { const s = `xoxa-2-${digits(12)}-${mixed(30)}`; return { secret: s, text: `level=error msg="slack auth failed" token=${s} status=401` }; },
    () => { const s = `xoxr-${digits(12)}-${mixed(40)}`; return { secret: s, text: `refresh token (${s}) expired during the incident` }; },
    () => { const s = `xoxs-${digits(10)}-${digits(12)}-${mixed(20)}`; return { secret: s, text: `legacy workspace token: ${s}` }; },
    () => { const s = `xapp-1-A0${chars(UPPER + DIGITS, 9)}-${digits(13)}-${chars(HEX, 64)}`; return { secret: s, text: `socket mode app token "${s}" is in the ConfigMap, not the Secret!` }; },
    () => { const s = `https://hooks.slack.com/services/T0${chars(UPPER + DIGITS, 8)}/B0${chars(UPPER + DIGITS, 9)}/${mixed(24)}`; return { secret: s, text: `alertmanager slack_api_url: ${s}` }; },
    () => { const s = `https://hooks.slack.com/services/T0${chars(UPPER + DIGITS, 8)}/B0${chars(UPPER + DIGITS, 9)}/${mixed(24)}`; return { secret: s, text: `curl -X POST -d '{"text":"deploy done"}' ${s}` }; },
  ]],
  ['github', [
    () => { const s = `ghp_${mixed(36)}`; return { secret: s, text: `CI log shows GITHUB_TOKEN=${s} in the env dump` }; },
    () => { const s = `gho_${mixed(36)}`; return { secret: s, text: `oauth token ${s} belongs to the deploy bot` }; },
    () => { const s = `ghu_${mixed(36)}`; return { secret: s, text: `git clone https://x-access-token:${s}@github.com/acme/payments.git failed` }; },
    () => { const s = `ghs_${mixed(36)}`; return { secret: s, text: `installation token: ${s} (valid 1h)` }; },
    () => { const s = `ghr_${mixed(36)}`; return { secret: s, text: `[warn] refresh_token=${s} reused` }; },
    () => { const s = `github_pat_11${chars(UPPER + DIGITS, 20)}_${mixed(59)}`; return { secret: s, text: `${person()}: I used my PAT ${s} to push the hotfix` }; },
  ]],
  ['aws', [
    () => { const s = `AKIA${chars(UPPER + DIGITS, 16)}`; return { secret: s, text: `access key ${s} shows up in CloudTrail from an unknown IP` }; },
    () => { const s = `ASIA${chars(UPPER + DIGITS, 16)}`; return { secret: s, text: `AWS_ACCESS_KEY_ID=${s} AWS_REGION=eu-west-1` }; },
    () => { const s = mixed(40, `${ALNUM}/+`); return { secret: s, text: `aws_secret_access_key = ${s}` }; },
    () => { const s = mixed(40, `${ALNUM}/+`); return { secret: s, text: `export AWS_SECRET_ACCESS_KEY=${s}` }; },
    () => { const s = mixed(40, `${ALNUM}/+`); return { secret: s, text: `{"AccessKeyId": "ASIA${chars(UPPER + DIGITS, 16)}", "SecretAccessKey": "${s}", "Expiration": "2026-11-29T23:00:00Z"}` }; },
    () => { const s = mixed(40, `${ALNUM}/+`); return { secret: s, text: `${person()}: the secret key is ${s}, I'll deactivate it after the incident` }; },
  ]],
  ['gcp', [
    () => { const s = `AIza${mixed(35, `${ALNUM}_-`)}`; return { secret: s, text: `maps calls failing with key=${s} (quota exceeded)` }; },
    () => { const s = `AIza${mixed(35, `${ALNUM}_-`)}`; return { secret: s, text: `firebase config apiKey: "${s}"` }; },
    () => { const s = chars(HEX, 40); return { secret: s, text: `{"type": "service_account", "project_id": "acme-prod", "private_key_id": "${s}", "client_email": "deployer@acme-prod.iam.gserviceaccount.com"}` }; },
    () => { const s = pem('PRIVATE KEY', 4, true); return { secret: s, text: `{"type": "service_account", "private_key": "${s}", "client_id": "1098${digits(17)}"}` }; },
    () => { const s = chars(HEX, 40); return { secret: s, text: `log: loaded credentials private_key_id=${s} for sa gke-node` }; },
  ]],
  ['stripe', [
    () => { const s = `sk_live_${mixed(24)}`; return { secret: s, text: `payments-api started with STRIPE_SECRET_KEY ${s}` }; },
    () => { const s = `sk_test_${mixed(24)}`; return { secret: s, text: `staging uses ${s} — is that why charges fail?` }; },
    () => { const s = `rk_live_${mixed(24)}`; return { secret: s, text: `restricted key rk: ${s}` }; },
    () => { const s = `pk_live_${mixed(24)}`; return { secret: s, text: `checkout page embeds ${s}` }; },
    () => { const s = `pk_test_${mixed(24)}`; return { secret: s, text: `publishable=${s}` }; },
    () => { const s = `whsec_${mixed(32)}`; return { secret: s, text: `webhook signing secret: ${s} — signature mismatch since 14:05` }; },
  ]],
  ['jwt', [
    () => { const s = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`{"sub":"${digits(6)}","role":"admin","exp":${1764460000 + Math.floor(rand() * 1e5)}}`)}.${mixed(43, `${ALNUM}_-`)}`; return { secret: s, text: `request had cookie session=${s}` }; },
    () => { const s = `${b64url('{"alg":"RS256","kid":"k1"}')}.${b64url(`{"iss":"https://auth.acme.io","aud":"api","uid":${digits(5)}}`)}.${mixed(86, `${ALNUM}_-`)}`; return { secret: s, text: `decoded the token ${s} and the aud claim is wrong` }; },
    () => { const s = `${b64url('{"typ":"JWT","alg":"ES256"}')}.${b64url(`{"scope":"orders:write","tenant":"t-${digits(4)}"}`)}.${mixed(64, `${ALNUM}_-`)}`; return { secret: s, text: `level=warn msg="jwt expired" jwt=${s}` }; },
    () => { const s = `${b64url('{"alg":"HS512"}')}.${b64url(`{"email":"x@y.z","n":${digits(3)}}`)}.${mixed(86, `${ALNUM}_-`)}`; return { secret: s, text: `id_token: ${s}` }; },
  ]],
  ['private-key', [
    () => { const s = pem('RSA PRIVATE KEY', 6); return { secret: s, text: `here's the key from the old box, don't share:\n${s}\nthanks` }; },
    () => { const s = pem('EC PRIVATE KEY', 2); return { secret: s, text: `tls.key: |\n${s}` }; },
    () => { const s = pem('OPENSSH PRIVATE KEY', 5); return { secret: s, text: `${person()}: bastion key\n\`\`\`\n${s}\n\`\`\`` }; },
    () => { const s = pem('PRIVATE KEY', 8); return { secret: s, text: `cert-manager logged the key by mistake ${s} at 14:03` }; },
    () => { const s = pem('ENCRYPTED PRIVATE KEY', 4); return { secret: s, text: `${s}` }; },
    () => { const s = pem('PGP PRIVATE KEY BLOCK', 3); return { secret: s, text: `signing key for releases:\n${s}` }; },
  ]],
  ['bearer', [
    () => { const s = mixed(40, `${ALNUM}-_`); return { secret: s, text: `curl -H "Authorization: Bearer ${s}" https://api.acme.io/v1/orders` }; },
    () => { const s = chars(`${LOWER}${DIGITS}`, 32); return { secret: s, text: `authorization: Bearer ${s}` }; },
    () => { const s = Buffer.from(`svc-${person()}:${password()}`).toString('base64'); return { secret: s, text: `GET /admin 401 Authorization: Basic ${s}` }; },
    () => { const s = `${mixed(20)}.${mixed(30)}`; return { secret: s, text: `upstream rejected bearer ${s}` }; },
    () => { const s = chars(HEX, 40); return { secret: s, text: `headers={"X-Api-Key": "${s}", "Accept": "application/json"}` }; },
    () => { const s = `${mixed(30)}`; return { secret: s, text: `grpc metadata authorization=Token ${s}` }; },
  ]],
  ['url-password', [
    () => { const s = password(); return { secret: s, text: `DATABASE_URL=postgres://app:${s}@${host()}:5432/orders` }; },
    () => { const s = password(); return { secret: s, text: `connection refused: postgresql://readonly:${s}@${host()}/analytics?sslmode=require` }; },
    () => { const s = password(); return { secret: s, text: `MONGO_URI=mongodb+srv://orders-svc:${s}@cluster0.ab1cd.mongodb.net/orders?retryWrites=true` }; },
    () => { const s = password(); return { secret: s, text: `redis://:${s}@cache-primary.prod.internal:6379/0 timed out` }; },
    () => { const s = password(); return { secret: s, text: `amqp://rabbit:${s}@mq.prod.internal:5672/vhost connection lost` }; },
    () => { const s = password(); return { secret: s, text: `mysql://root:${s}@127.0.0.1:3306/shop` }; },
    () => { const s = password(); return { secret: s, text: `pip install --index-url https://deploy:${s}@pypi.acme.io/simple acme-lib` }; },
    () => { const s = password(); return { secret: s, text: `jdbc:postgresql://db:5432/app?user=app&password=${s}&ssl=true` }; },
  ]],
  ['connection-string', [
    () => { const s = password(); return { secret: s, text: `Server=tcp:sql-prod.database.windows.net,1433;Database=orders;User ID=sa;Password=${s};Encrypt=true;` }; },
    () => { const s = password(); return { secret: s, text: `dsn "host=db port=5432 user=app password=${s} dbname=orders" failed` }; },
    () => { const s = password(); return { secret: s, text: `Data Source=10.0.0.5;Initial Catalog=crm;uid=report;pwd=${s}` }; },
    () => { const s = password(); return { secret: s, text: `DB_PASSWORD=${s}` }; },
    () => { const s = password(); return { secret: s, text: `  MYSQL_ROOT_PASSWORD: "${s}"` }; },
    () => { const s = password(); return { secret: s, text: `PGPASSWORD=${s} psql -h db -U app -c 'select 1'` }; },
    () => { const s = password(); return { secret: s, text: `{"user": "etl", "password": "${s}", "host": "warehouse"}` }; },
    () => { const s = password(); return { secret: s, text: `mysql -u root --password ${s} -e 'show processlist'` }; },
    () => { const s = password(); return { secret: s, text: `${person()}: I reset the admin password to ${s} for now` }; },
    () => { const s = password(); return { secret: s, text: `spring.datasource.password=${s}` }; },
  ]],
  ['generic-assignment', [
    () => { const s = chars(HEX, 32); return { secret: s, text: `DD_API_KEY=${s}` }; },
    () => { const s = mixed(32); return { secret: s, text: `api_key = "${s}"` }; },
    () => { const s = mixed(48, `${ALNUM}-_`); return { secret: s, text: `"client_secret": "${s}",` }; },
    () => { const s = chars(HEX, 64); return { secret: s, text: `SENTRY_AUTH_TOKEN=${s}` }; },
    () => { const s = `${chars(HEX, 8)}-${chars(HEX, 4)}-4${chars(HEX, 3)}-a${chars(HEX, 3)}-${chars(HEX, 12)}`; return { secret: s, text: `HEROKU_API_KEY: ${s}` }; },
    () => { const s = mixed(24); return { secret: s, text: `webhook_secret: ${s}` }; },
    () => { const s = chars(`${LOWER}${DIGITS}`, 40); return { secret: s, text: `token=${s} user=deploy` }; },
    () => { const s = mixed(44, B64); return { secret: s, text: `ENCRYPTION_KEY=${s}=` }; },
    () => { const s = mixed(32); return { secret: s, text: `x-api-key: ${s}` }; },
    () => { const s = mixed(26); return { secret: s, text: `config: {accessToken: '${s}', region: 'us-east-1'}` }; },
    () => { const s = chars(HEX, 40); return { secret: s, text: `NEW_RELIC_LICENSE_KEY=${s}` }; },
    () => { const s = mixed(30); return { secret: s, text: `${person()}: secret=${s} is the one the job uses` }; },
  ]],
  ['vendor-other', [
    () => { const s = `glpat-${mixed(20, `${ALNUM}_-`)}`; return { secret: s, text: `gitlab runner registered with ${s}` }; },
    () => { const s = `npm_${mixed(36)}`; return { secret: s, text: `//registry.npmjs.org/:_authToken=${s}` }; },
    () => { const s = `hvs.${mixed(24, `${ALNUM}_-`)}`; return { secret: s, text: `VAULT_TOKEN=${s} vault kv get secret/payments` }; },
    () => { const s = `sk-proj-${mixed(48, `${ALNUM}_-`)}`; return { secret: s, text: `OPENAI_API_KEY is ${s}` }; },
    () => { const s = `SG.${mixed(22, `${ALNUM}_-`)}.${mixed(43, `${ALNUM}_-`)}`; return { secret: s, text: `sendgrid 401 with ${s}` }; },
  ]],
  ['high-entropy', [
    () => { const s = mixed(32); return { secret: s, text: `${person()}: pasted the wrong thing, ignore ${s}` }; },
    () => { const s = mixed(40, `${ALNUM}+/`); return { secret: s, text: `value from the vault: ${s}` }; },
    () => { const s = `${mixed(43, `${ALNUM}+/`)}=`; return { secret: s, text: `[ERROR] hmac mismatch, expected key ${s}` }; },
    () => { const s = mixed(64, `${ALNUM}_-`); return { secret: s, text: `the signing material ${s} is in the old ConfigMap` }; },
    () => { const s = mixed(24); return { secret: s, text: `try with ${s} instead` }; },
  ]],
  ['more-shapes', [
    () => { const s = chars(HEX, 32); return { secret: s, text: `pagerduty routing_key: ${s}` }; },
    () => { const s = `${mixed(86, B64)}==`; return { secret: s, text: `DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey=${s};EndpointSuffix=core.windows.net` }; },
    () => { const s = Buffer.from(`ci-bot:${password()}`).toString('base64'); return { secret: s, text: `{"auths": {"ghcr.io": {"auth": "${s}"}}}` }; },
    () => { const s = mixed(40, `${ALNUM}-_`); return { secret: s, text: `kubectl --token=${s} get pods -n prod` }; },
    () => { const s = mixed(32); return { secret: s, text: `Set-Cookie: session=${s}; Path=/; HttpOnly` }; },
    () => { const s = `django-insecure-${chars(`${LOWER}${DIGITS}!@#%^*(-_=+)`, 50)}`; return { secret: s, text: `SECRET_KEY = '${s}'` }; },
    () => { const s = Buffer.from(password()).toString('base64'); return { secret: s, text: `data:\n  password: ${s}` }; },
    () => { const s = `ghp_${mixed(36)}`; return { secret: s, text: `machine api.github.com login deploy password ${s}` }; },
    () => { const s = password(); return { secret: s, text: `export TF_VAR_db_password="${s}"` }; },
    () => { const s = chars(HEX, 32); return { secret: s, text: `TWILIO_AUTH_TOKEN=${s}` }; },
    () => { const s = chars(HEX, 64); return { secret: s, text: `https://acme-exports.s3.amazonaws.com/report.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${s}` }; },
    () => { const s = `${mixed(43, B64)}=`; return { secret: s, text: `https://acme.blob.core.windows.net/backups/db.bak?sv=2022-11-02&sr=b&sig=${encodeURIComponent(s)}`.replace(encodeURIComponent(s), s) }; },
    () => { const s = `xoxe.xoxp-1-${mixed(40)}`; return { secret: s, text: `rotating refresh token ${s}` }; },
    () => { const s = chars(HEX, 40); return { secret: s, text: `DD-APPLICATION-KEY: ${s}` }; },
  ]],
  ['email', [
    () => { const s = `${person()}.${pick(['lopez', 'kim', 'mueller', 'okafor'])}@acme.io`; return { secret: s, text: `escalated to ${s}, no answer yet` }; },
    () => { const s = `customer${digits(4)}@gmail.com`; return { secret: s, text: `refund failed for customer ${s} (order ORD-2026-11873)` }; },
    () => { const s = `oncall+payments@acme-corp.co.uk`; return { secret: s, text: `PagerDuty notified <${s}>` }; },
    () => { const s = `${person()}_${digits(2)}@example.org`; return { secret: s, text: `level=info msg="login" user="${s}" ip=10.1.2.3` }; },
    () => { const s = `j.doe@sub.mail.example.com`; return { secret: s, text: `cc ${s}` }; },
  ]],
  ['phone', [
    () => { const s = `+1 415 555 0${digits(3)}`; return { secret: s, text: `call the DBA on ${s}` }; },
    () => { const s = `+44 20 7946 0${digits(3)}`; return { secret: s, text: `vendor support hotline: ${s}` }; },
    () => { const s = `+4930${digits(8)}`; return { secret: s, text: `SMS to ${s} failed (twilio 21211)` }; },
    () => { const s = `(415) 555-0${digits(3)}`; return { secret: s, text: `${person()}'s cell is ${s}` }; },
    () => { const s = `415-555-0${digits(3)}`; return { secret: s, text: `bridge line ${s} (pin 4821)` }; },
    () => { const s = `020 7946 0${digits(3)}`; return { secret: s, text: `London office ${s}` }; },
    () => { const s = `07700 900${digits(3)}`; return { secret: s, text: `text me at ${s} if paging is down` }; },
    () => { const s = `+33 6 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`; return { secret: s, text: `contact astreinte: ${s}` }; },
    () => { const s = `06 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`; return { secret: s, text: `portable ${s}` }; },
    () => { const s = `+61 2 9876 ${digits(4)}`; return { secret: s, text: `Sydney NOC ${s}` }; },
    () => { const s = `+1-212-555-0${digits(3)}`; return { secret: s, text: `customer phone=${s} in the order payload` }; },
  ]],
  ['card', [
    () => { const s = group(luhnComplete('4', 16), [4, 4, 4, 4], ' '); return { secret: s, text: `customer pasted their card ${s} into the support chat` }; },
    () => { const s = luhnComplete(pick(['51', '52', '53', '54', '55']), 16); return { secret: s, text: `payment payload {"pan":"${s}","exp":"12/27"}` }; },
    () => { const s = group(luhnComplete(pick(['34', '37']), 15), [4, 6, 5], ' '); return { secret: s, text: `amex ${s} declined` }; },
    () => { const s = group(luhnComplete('6011', 16), [4, 4, 4, 4], '-'); return { secret: s, text: `card number: ${s}` }; },
    () => { const s = luhnComplete('4', 16); return { secret: s, text: `level=error msg="charge failed" card=${s}` }; },
    () => { const s = group(luhnComplete('2221', 16), [4, 4, 4, 4], ' '); return { secret: s, text: `test with ${s} in prod?!` }; },
  ]],
];

const uuid = () => `${chars(HEX, 8)}-${chars(HEX, 4)}-4${chars(HEX, 3)}-${pick(['8', '9', 'a', 'b'])}${chars(HEX, 3)}-${chars(HEX, 12)}`;
const podName = (svc: string) => `${svc}-${chars('bcdfghjklmnpqrstvwxz2456789', 9)}-${chars('bcdfghjklmnpqrstvwxz2456789', 5)}`;
function luhnInvalid(prefix: string, length: number): string {
  const valid = luhnComplete(prefix, length);
  const last = Number(valid.at(-1));
  return valid.slice(0, -1) + String((last + 1 + Math.floor(rand() * 8)) % 10);
}
const svc = () => pick(['checkout', 'payments-api', 'orders', 'cart', 'search-indexer', 'auth-gateway']);

const LOOKALIKE_SHAPES: Array<[string, Array<() => string>]> = [
  ['git-sha', [
    () => `deploy ${chars(HEX, 40)} rolled out to prod`,
    () => `reverting ${chars(HEX, 7)} (feat: retry budget)`,
    () => `git bisect: first bad commit is ${chars(HEX, 12)}`,
    () => `Merge pull request #4821 from acme/fix-pool ${chars(HEX, 40)}`,
    () => `argocd synced revision ${chars(HEX, 40)} for app ${svc()}`,
    () => `image tag ${svc()}:${chars(HEX, 8)} is running`,
  ]],
  ['uuid', [
    () => `incident ${uuid()} opened by alertmanager`,
    () => `order_id=${uuid()} status=failed`,
    () => `tenant ${uuid().toUpperCase()} exceeded quota`,
    () => `idempotency-key: ${uuid()}`,
    () => `{"correlationId":"${uuid()}","level":"error"}`,
  ]],
  ['trace-id', [
    () => `trace_id=${chars(HEX, 32)} span_id=${chars(HEX, 16)} latency=2.3s`,
    () => `see trace ${chars(HEX, 32)} in Tempo`,
    () => `traceparent: 00-${chars(HEX, 32)}-${chars(HEX, 16)}-01`,
    () => `X-Amzn-Trace-Id: Root=1-${chars(HEX, 8)}-${chars(HEX, 24)}`,
    () => `dd.trace_id=${digits(19)} dd.span_id=${digits(18)}`,
    () => `slowest span ${chars(HEX, 16)} (db.query) took 1.8s`,
  ]],
  ['request-id', [
    () => `X-Request-Id: ${uuid()}`,
    () => `request 01J${chars('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 23)} timed out after 30s`,
    () => `req_id=req-${chars(HEX, 24)} upstream=orders`,
    () => `cf-ray: ${chars(HEX, 16)}-FRA`,
    () => `Stripe request id req_${mixed(14)} returned 402`,
  ]],
  ['pod-name', [
    () => `pod ${podName(svc())} OOMKilled (exit 137)`,
    () => `kubectl logs ${podName(svc())} -n prod --previous`,
    () => `Back-off restarting failed container in pod ${podName(svc())}`,
    () => `node ip-10-0-${digits(2)}-${digits(2)}.eu-west-1.compute.internal NotReady`,
    () => `statefulset ${svc()}-0 ${svc()}-1 ${svc()}-2 all Pending`,
  ]],
  ['image-digest', [
    () => `image ghcr.io/acme/${svc()}@sha256:${chars(HEX, 64)} pulled`,
    () => `digest: sha256:${chars(HEX, 64)} size: 2413`,
    () => `Failed to pull image "registry.acme.io/${svc()}:v2.14.0": manifest sha256:${chars(HEX, 64)} not found`,
  ]],
  ['base64-data', [
    () => `payload=${Buffer.from('{"event":"order.created","orderId":"A-1029","amount":4200}').toString('base64')}`,
    () => `kafka message value (base64): ${Buffer.from('customer checkout failed with timeout after 30 seconds').toString('base64')}`,
    () => `annotation kubectl.kubernetes.io/last-applied: ${Buffer.from('{"apiVersion": "apps/v1", "kind": "Deployment"}').toString('base64')}`,
    () => `cursor=${Buffer.from('{"page": 3, "after": "2026-11-29"}').toString('base64url')}`,
    () => `data: ${Buffer.from('hello world from the payments team').toString('base64')}`,
    () => `echo ${Buffer.from('retry budget exhausted on orders').toString('base64')} | base64 -d`,
  ]],
  ['version', [
    () => `upgraded postgres 15.4 → 16.1 at 02:00`,
    () => `${svc()} v2.${digits(2)}.${digits(1)} deployed`,
    () => `helm chart ingress-nginx-4.10.1 app version 1.10.1`,
    () => `node v20.11.1, npm 10.2.4, go1.22.3`,
    () => `release 3.2.0-rc.1+build.20261129 tagged`,
    () => `kernel 5.15.0-1051-aws on the new AMI`,
  ]],
  ['timestamp', [
    () => `2026-11-29T23:03:25.123Z ERROR connection pool exhausted`,
    () => `alert fired at 2026-11-29 23:03:25 UTC, resolved 23:41:07`,
    () => `ts=1764457405123 level=warn msg="slow query"`,
    () => `epoch ${1764457405} → 23:03 UTC`,
    () => `[29/Nov/2026:23:03:25 +0000] "GET /healthz HTTP/1.1" 200 2`,
    () => `startsAt: 2026-11-29T23:03:25+01:00`,
  ]],
  ['duration', [
    () => `p99 went from 230 ms to 4.8 s`,
    () => `job took 1h23m45s (timeout 2h)`,
    () => `uptime 00:12:34, restarts 14`,
    () => `backoff 10s 20s 40s 80s 160s`,
    () => `SLO burn rate 14.4x over 1h, 6x over 6h`,
  ]],
  ['ip-port', [
    () => `connect ECONNREFUSED 10.0.${digits(2)}.${digits(2)}:5432`,
    () => `LB 203.0.113.${digits(2)} → targets 10.0.3.17:8443, 10.0.3.18:8443`,
    () => `ipv6 fe80::1ff:fe23:4567:890a unreachable`,
    () => `listen tcp 0.0.0.0:9090: bind: address already in use`,
    () => `CIDR 172.16.0.0/12 blocked by the new NACL`,
  ]],
  ['order-number', [
    () => `order ORD-2026-${digits(6)} stuck in PENDING`,
    () => `refund for order #${digits(8)} failed`,
    () => `invoice INV-${digits(4)}-${digits(5)} not generated`,
    () => `ticket INC-2026-${digits(4)} linked`,
    () => `shipment 1Z${chars(UPPER + DIGITS, 16)} delayed`,
  ]],
  ['luhn-invalid-number', [
    () => `reference ${group(luhnInvalid('4', 16), [4, 4, 4, 4], ' ')} not found`,
    () => `account ${luhnInvalid('5', 16)} has 3 failed payments`,
    () => `batch id ${group(luhnInvalid('6011', 16), [4, 4, 4, 4], '-')}`,
    () => `serial ${luhnInvalid('4', 16)}`,
    () => `tracking ${luhnInvalid('3', 15)} in transit`,
  ]],
  ['hex-color', [
    () => `dashboard panel color #${chars(HEX, 6)} vs #${chars(HEX, 6)}`,
    () => `status badge #E01E5A means critical`,
    () => `theme: { primary: "#${chars(HEX, 6)}", warn: "#ffb020" }`,
  ]],
  ['build-number', [
    () => `build #${digits(4)} failed on step test`,
    () => `pipeline ${digits(9)} job ${digits(10)} canceled`,
    () => `BUILD_NUMBER=${digits(5)} BUILD_ID=2026-11-29_23-03-25`,
    () => `release-20261129.${digits(1)} promoted to canary`,
    () => `GitHub Actions run ${digits(11)} attempt 2`,
  ]],
  ['arn', [
    () => `assumed arn:aws:iam::${digits(12)}:role/payments-deployer`,
    () => `arn:aws:secretsmanager:eu-west-1:${digits(12)}:secret:prod/payments/db-AbC123 rotated`,
    () => `lambda arn:aws:lambda:us-east-1:${digits(12)}:function:order-sync:42 throttled`,
    () => `arn:aws:sqs:eu-west-1:${digits(12)}:orders-dlq has 1200 messages`,
    () => `account ${digits(12)} hit the EC2 vCPU limit`,
  ]],
  ['secret-name', [
    () => `kubectl get secret payments-db-credentials -n prod -o yaml`,
    () => `secretName: stripe-api-key`,
    () => `valueFrom: secretKeyRef: name: orders-db-password key: password`,
    () => `ExternalSecret payments-api-token failed to sync: secret "prod/payments/api-token" not found`,
    () => `the secret: db-creds-v2 was rotated at 14:00`,
    () => `DB_PASSWORD_FILE=/run/secrets/db_password`,
    () => `password: \${DB_PASSWORD}`,
    () => `api_key: <redacted>`,
    () => `stripe key sk_live_****LeYS already masked`,
    () => `token: expired, re-login required`,
    () => `the password was rotated, please re-deploy`,
    () => `AWS_SECRET_ACCESS_KEY is missing from the task definition`,
  ]],
  ['hard-negative', [
    () => `PWD=/home/runner/work/payments/payments OLDPWD=/home/runner`,
    () => `tests pass: 120, fail: 3, skipped: 4`,
    () => `ssh ec2-user@ip-10-0-1-5.eu-west-1.compute.internal`,
    () => `thread https://acme.slack.com/archives/C04ABCD1234/p1732921405123459`,
    () => `<@U02ABCDEF12> joined #inc-2026-11-29-payments`,
    () => `resourceVersion: "${digits(9)}" generation: 14`,
    () => `goroutine 1234 [running]: main.handler(0xc000123456, 0x1f)`,
    () => `etag "${chars(HEX, 32)}" unchanged`,
    () => `cache_key=orders:123:status hit ratio 0.93`,
    () => `token_type: bearer, expires_in: 3600`,
    () => `WWW-Authenticate: Bearer realm="api", error="invalid_token"`,
    () => `Authorization header missing on /internal/metrics`,
    () => `bearer authentication failed for 12 requests`,
    () => `password_reset_enabled: true`,
    () => `listening on 0.0.0.0:8080, 0.0.0.0:8443 and 0.0.0.0:9090`,
    () => `ports 8080 8443 9090 9091 open on the node`,
    () => `p50=230ms p90=480ms p99=1250ms n=48213`,
    () => `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36`,
    () => `sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 md5 d41d8cd98f00b204e9800998ecf8427e`,
    () => `consumer group payments-consumer-v2 offset ${digits(8)} lag 120`,
    () => `cron 0 */6 * * * ran at 18:00`,
    () => `mongodb://db-primary:27017/orders and redis://cache:6379/0 reachable`,
    () => `https://grafana.acme.io:3000/d/checkout?var-env=prod`,
    () => `nginx:1.25.3-alpine pulled in 4.2s`,
    () => `rate limit 1000 requests per 60 s per client`,
    () => `the Stripe webhook secret was rotated by ${person()}`,
    () => `rotate the GitHub token and the AWS access key after the incident`,
    () => `password: "********"`,
    () => `{"level":"error","error":"token expired","user_id":${digits(6)}}`,
    () => `Kubernetes secret/stripe-webhook-secret created`,
  ]],
  ['identifier', [
    () => `java.lang.IllegalStateException at com.acme.payments.PaymentAuthorizationServiceImpl.authorize`,
    () => `metric http_server_requests_seconds_bucket{le="0.5"} spiked`,
    () => `feature flag enableNewCheckoutFlowForEnterpriseCustomers2 toggled`,
    () => `handler OrderServiceV2ClientImplV3 returned 503`,
    () => `test_payment_refund_idempotency_v2 flaky`,
    () => `Grafana dashboard /d/${mixed(9)}/checkout-latency?orgId=1&from=now-6h`,
    () => `s3://acme-logs/prod/2026/11/29/${svc()}/part-00012.gz`,
    () => `npm ERR! integrity sha512-${mixed(86, `${ALNUM}+/`)}== mismatch`,
    () => `instance i-0${chars(HEX, 16)} terminated by ASG`,
    () => `error 0x80070005 access denied`,
    () => `MAC 00:1a:2b:3c:4d:5e flapping`,
    () => `git@github.com:acme/payments.git push rejected`,
  ]],
];

/** Each template is drawn this many times with fresh random values. */
const DRAWS = 2;

function build(): { secrets: SecretCase[]; lookalikes: LookalikeCase[] } {
  const secrets: SecretCase[] = [];
  for (let draw = 1; draw <= DRAWS; draw++)
    for (const [kind, gens] of SECRET_SHAPES)
      gens.forEach((gen, i) => {
        const { secret, text } = gen();
        if (!text.includes(secret)) throw new Error(`corpus bug: ${kind}-${i + 1} text does not contain its secret`);
        secrets.push({ id: `${kind}-${i + 1}.${draw}`, kind, secret, text });
      });
  const lookalikes: LookalikeCase[] = [];
  for (let draw = 1; draw <= DRAWS; draw++)
    for (const [kind, gens] of LOOKALIKE_SHAPES) gens.forEach((gen, i) => lookalikes.push({ id: `${kind}-${i + 1}.${draw}`, kind, text: gen() }));
  return { secrets, lookalikes };
}

const { secrets, lookalikes } = build();
const jsonl = (rows: object[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
writeFileSync(`${HERE}secrets.jsonl`, jsonl(secrets));
writeFileSync(`${HERE}lookalikes.jsonl`, jsonl(lookalikes));
process.stdout.write(`wrote ${secrets.length} secrets and ${lookalikes.length} look-alikes to ${HERE}\n`);
