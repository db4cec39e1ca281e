import { preview } from '../domain/errors.ts';
import type { ArgSpec, CommandSpec } from './command-spec.ts';
import { ExecutorError } from './executor-error.ts';
import type { CommandCatalog } from './command-catalog.ts';

/** A catalog command with arguments that passed its schema (defaults filled in). */
export interface ValidatedCommand {
  spec: CommandSpec;
  args: Record<string, string>;
}

// Values that could be read as an option or that carry control characters are never accepted,
// whatever the pattern says: `--kubeconfig=/tmp/evil` must not reach argv.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Checks `args` against the catalog entry of `command`: unknown command, unknown or missing argument,
 * a value not matching its declared type/pattern/range, or an environment the command may not run in
 * all throw an `ExecutorError` naming the field and what was expected.
 */
export function validateCommandArgs(catalog: CommandCatalog, command: string, args: Readonly<Record<string, string>>): ValidatedCommand {
  const spec = catalog.get(command);
  if (!spec) {
    throw new ExecutorError('COMMAND_UNKNOWN', `unknown command "${command}"; the catalog has: ${[...catalog.keys()].sort().join(', ')}`);
  }
  const problems: string[] = [];
  for (const name of Object.keys(args)) {
    if (!(name in spec.args)) problems.push(`${name}: not an argument of ${command} (expected one of ${Object.keys(spec.args).join(', ') || 'none'})`);
  }
  const out: Record<string, string> = {};
  // Literal defaults first, then `defaultFrom`, which may refer to any given argument.
  for (const [name, arg] of Object.entries(spec.args)) {
    const given = args[name];
    const value = given ?? arg.default;
    if (value === undefined) continue;
    const problem = checkValue(arg, value);
    if (problem) problems.push(`${name}: ${problem}, got ${preview(value)}`);
    else out[name] = value;
  }
  for (const [name, arg] of Object.entries(spec.args)) {
    if (out[name] !== undefined || args[name] !== undefined) continue;
    const from = arg.type === 'string' ? arg.defaultFrom : undefined;
    const derived = from ? out[from] : undefined;
    if (derived !== undefined) {
      const problem = checkValue(arg, derived);
      if (problem) problems.push(`${name} (from ${from}): ${problem}, got ${preview(derived)}`);
      else out[name] = derived;
    } else if (arg.required) problems.push(`${name}: required (${describeArg(arg)})`);
  }
  const environment = out.environment;
  if (spec.environments.length > 0 && environment !== undefined && !spec.environments.includes(environment)) {
    problems.push(`environment: ${command} may only run in ${spec.environments.join(', ')}, got ${preview(environment)}`);
  }
  if (problems.length > 0) throw new ExecutorError('ARGS_INVALID', `invalid arguments for ${command}: ${problems.join('; ')}`);
  return { spec, args: out };
}

function checkValue(arg: ArgSpec, value: string): string | undefined {
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (value.startsWith('-')) return 'must not start with "-"';
  switch (arg.type) {
    case 'string':
      return new RegExp(arg.pattern).test(value) && fullMatch(arg.pattern, value) ? undefined : `must match ${arg.pattern}`;
    case 'enum':
      return arg.values.includes(value) ? undefined : `must be one of ${arg.values.join(', ')}`;
    case 'number': {
      if (!/^\d+(\.\d+)?$/.test(value)) return 'must be a number';
      const n = Number(value);
      if (arg.integer && !Number.isInteger(n)) return 'must be an integer';
      return n >= arg.min && n <= arg.max ? undefined : `must be between ${arg.min} and ${arg.max}`;
    }
  }
}

// A pattern written without anchors must still cover the whole value.
function fullMatch(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(value);
}

/** "string matching ^…$", "one of a, b", "number 0.1–10". */
export function describeArg(arg: ArgSpec): string {
  if (arg.type === 'string') return `string matching ${arg.pattern}`;
  if (arg.type === 'enum') return `one of ${arg.values.join(', ')}`;
  return `${arg.integer ? 'integer' : 'number'} ${arg.min}–${arg.max}`;
}
