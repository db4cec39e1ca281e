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
