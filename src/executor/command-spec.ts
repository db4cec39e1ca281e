import { z } from 'zod';
import { RiskSchema } from '../domain/proposal.ts';

const NAME = /^[a-z][a-z0-9-]{0,62}$/;
const ARG_NAME = /^[a-zA-Z][a-zA-Z0-9]{0,62}$/;

/** One argument of a catalog command, as declared in YAML; turned into a zod schema by `buildArgsSchema`. */
export const ArgSpecSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('string'),
    /** Anchored regular expression the whole value must match. */
    pattern: z.string().min(1),
    description: z.string().optional(),
    required: z.boolean().default(true),
    /** Value used when the proposal omits the argument. */
    default: z.string().optional(),
    /** Name of another argument whose value is used when this one is omitted (`namespace` ← `environment`). */
    defaultFrom: z.string().regex(ARG_NAME).optional(),
  }),
  z.object({
    type: z.literal('enum'),
    values: z.array(z.string().min(1)).min(1),
    description: z.string().optional(),
    required: z.boolean().default(true),
    default: z.string().optional(),
  }),
  z.object({
    type: z.literal('number'),
    min: z.number(),
    max: z.number(),
    integer: z.boolean().default(false),
    description: z.string().optional(),
    required: z.boolean().default(true),
    default: z.string().optional(),
  }),
]);
export type ArgSpec = z.infer<typeof ArgSpecSchema>;

/** A header value: a literal, or read from an environment variable at run time (never stored in YAML). */
const HeaderValueSchema = z.union([
  z.string(),
  z.object({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/), prefix: z.string().default('') }),
]);

/** Runs a program from an argv template without a shell: `{arg}` placeholders take one validated argument. */
export const ProcessAdapterSchema = z.object({
  type: z.literal('process'),
  argv: z.array(z.string().min(1)).min(1),
  /** argv of the dry run; absent → the command has no dry run. */
  dryRunArgv: z.array(z.string().min(1)).min(1).optional(),
  /** Environment variables passed through to the program; nothing else is inherited. */
  env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).default(['PATH', 'HOME', 'KUBECONFIG']),
});

/** POSTs a JSON body built from a template (string leaves `{arg}` substituted) to a webhook. */
export const HttpAdapterSchema = z.object({
  type: z.literal('http'),
  url: z.url(),
  method: z.enum(['POST', 'PUT']).default('POST'),
  headers: z.record(z.string(), HeaderValueSchema).default({}),
  body: z.unknown(),
  /** Body of the dry run; absent → the command has no dry run. */
  dryRunBody: z.unknown().optional(),
});

export const AdapterSchema = z.discriminatedUnion('type', [ProcessAdapterSchema, HttpAdapterSchema]);
export type Adapter = z.infer<typeof AdapterSchema>;

/** One command of the catalog. */
export const CommandSpecSchema = z.object({
  name: z.string().regex(NAME, 'must be kebab-case (a-z, 0-9, -)'),
  description: z.string().min(1),
  args: z.record(z.string().regex(ARG_NAME, 'argument names are letters and digits'), ArgSpecSchema).default({}),
  risk: RiskSchema,
  /** Environments this command may run in (`environment` argument); empty → any. */
  environments: z.array(z.string().min(1)).default([]),
  /** Read-only commands change nothing (status, diagnostics); they still need an approval. */
  readOnly: z.boolean().default(false),
  timeoutSeconds: z.number().positive().max(3600).default(120),
  adapter: AdapterSchema,
});
export type CommandSpec = z.infer<typeof CommandSpecSchema>;

/** True when the command's adapter declares a dry run. */
export function supportsDryRun(spec: CommandSpec): boolean {
  return spec.adapter.type === 'process' ? spec.adapter.dryRunArgv !== undefined : spec.adapter.dryRunBody !== undefined;
}
