import { z } from 'zod';
import { OpsightError } from './domain/errors.ts';

/** The environment opsight reads, validated once (only the CLI and later entry points call this). */
export const EnvSchema = z.object({
  /** `postgres://…` of a server with pgvector; absent → the embedded PGlite store in `OPSIGHT_DATA_DIR`. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Directory of the embedded PGlite store. */
  OPSIGHT_DATA_DIR: z.string().min(1).default('.opsight'),
  /** YAML/JSON file with the longer settings (MCP servers, command catalog, approval policy, Slack, retro). */
  OPSIGHT_CONFIG: z.string().min(1).optional(),
  /** OpenAI-compatible endpoint (OpenAI, Azure, Ollama, vLLM, llama.cpp); absent with no key → offline analysis only. */
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** Chat model name; an LLM is used only when this is set. */
  OPSIGHT_MODEL: z.string().min(1).optional(),
  /** Embedding model name; absent → the local hashing embedder. */
  OPSIGHT_EMBEDDING_MODEL: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z.string().startsWith('xox', 'must be a Slack token (xoxb-…)').optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  /** App-level token (xapp-…) for Socket Mode instead of HTTP. */
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token (xapp-…)').optional(),
  /** Slack Web API base URL; a stand-in server in tests. */
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  /** Alertmanager base URL (`http://alertmanager:9093`) for the live alerts tool; absent → stored webhooks only. */
  ALERTMANAGER_URL: z.url().optional(),
  /** JSONL file where the alert webhook receiver stores Alertmanager/PagerDuty payloads. */
  OPSIGHT_ALERTS_FILE: z.string().min(1).default('.opsight/alerts.jsonl'),
  /** JSONL file where the CloudEvents webhook receiver stores change events. */
  OPSIGHT_CHANGES_FILE: z.string().min(1).default('.opsight/changes.jsonl'),
  /** JSONL file where `opsight serve` journals Slack requests between their ack and their job; absent → `slack-intake.jsonl` in `OPSIGHT_DATA_DIR`. */
  OPSIGHT_INTAKE_JOURNAL: z.string().min(1).optional(),
  /** Prometheus base URL for the metrics tool server's live backend (`opsight tool metrics`). */
  PROMETHEUS_URL: z.url().optional(),
  /** Loki base URL for the logs tool of the metrics tool server. */
  LOKI_URL: z.url().optional(),
  /** Shared token the webhook receivers require as `Authorization: Bearer <token>`; absent → unauthenticated. */
  OPSIGHT_WEBHOOK_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Signing secret of the PagerDuty V3 webhook subscription; set → `/webhooks/pagerduty` requires a valid
   * `X-PagerDuty-Signature` (HMAC-SHA256 of the raw body), which then suffices without the bearer token.
   */
  OPSIGHT_PAGERDUTY_WEBHOOK_SECRET: z
    .string()
    .min(16, "must be at least 16 characters: the webhook subscription's signing secret, which PagerDuty shows when the subscription is created")
    .regex(/^\S+$/, 'must not contain spaces or line breaks (copy the signing secret exactly)')
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
});

/** Validated configuration: the parsed environment. */
export type Config = z.infer<typeof EnvSchema>;

/** One or more environment variables are invalid; the message lists every problem. */
export class ConfigError extends OpsightError {
  constructor(readonly problems: string[]) {
    super('CONFIG_INVALID', `invalid environment: ${problems.join('; ')}. Fix or unset these variables and try again.`);
  }
}

/** Parses the environment; throws one `ConfigError` listing all problems. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  // Never echo values: DATABASE_URL may hold a password.
  throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
}
