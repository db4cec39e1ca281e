import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type ConfigFile, configSection } from '../config-file.ts';
import { repoPath } from '../repo-root.ts';
import { type CommandSpec, CommandSpecSchema } from './command-spec.ts';
import { ExecutorError } from './executor-error.ts';

/** The commands the executor knows, by name. */
export type CommandCatalog = ReadonlyMap<string, CommandSpec>;

const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;

/** The `commands` section: name → full spec (without `name`); an entry replaces the default of that name. */
export const CommandsSectionSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

/** The shipped catalog (`default-catalog.yaml`), validated. */
export function defaultCommandCatalog(): CommandCatalog {
  const raw = parseYaml(readFileSync(repoPath('src', 'executor', 'default-catalog.yaml'), 'utf8'), { merge: true }) as { commands?: unknown };
  return buildCatalog('default-catalog.yaml', CommandsSectionSchema.parse(raw.commands ?? {}), new Map());
}

/** The shipped catalog with the `commands` section of the settings file applied on top. */
export function loadCommandCatalog(file: ConfigFile): CommandCatalog {
  const section = configSection(file, 'commands', CommandsSectionSchema);
  return buildCatalog(`${file.path} commands`, section, defaultCommandCatalog());
}

/**
 * Validates `entries` (name → spec) and merges them over `base`. Checks beyond the schema: every
 * placeholder of an adapter names a declared argument, patterns compile, `defaultFrom` exists.
 */
export function buildCatalog(source: string, entries: Record<string, Record<string, unknown>>, base: CommandCatalog): CommandCatalog {
  const catalog = new Map(base);
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const parsed = CommandSpecSchema.safeParse({ ...entry, name });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${name}.${issue.path.join('.')}: ${issue.message}`);
      continue;
    }
    const specProblems = checkSpec(parsed.data);
    problems.push(...specProblems.map((p) => `${name}: ${p}`));
    if (specProblems.length === 0) catalog.set(name, parsed.data);
  }
  if (problems.length > 0) throw new ExecutorError('CATALOG_INVALID', `command catalog ${source} is invalid: ${problems.join('; ')}. Fix these entries.`);
  return catalog;
}

function checkSpec(spec: CommandSpec): string[] {
  const problems: string[] = [];
  for (const [argName, arg] of Object.entries(spec.args)) {
    if (arg.type === 'string') {
      try {
        new RegExp(arg.pattern);
      } catch (error) {
        problems.push(`args.${argName}.pattern does not compile (${(error as Error).message})`);
      }
      if (arg.defaultFrom && !(arg.defaultFrom in spec.args)) problems.push(`args.${argName}.defaultFrom names an undeclared argument "${arg.defaultFrom}"`);
    }
  }
  for (const placeholder of adapterPlaceholders(spec)) {
    if (!(placeholder in spec.args)) problems.push(`adapter uses {${placeholder}} but no argument "${placeholder}" is declared`);
  }
  return problems;
}

/** Every `{name}` placeholder used by the command's adapter templates. */
export function adapterPlaceholders(spec: CommandSpec): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') for (const m of value.matchAll(PLACEHOLDER)) found.add(m[1]!);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  const a = spec.adapter;
  if (a.type === 'process') visit([a.argv, a.dryRunArgv]);
  else visit([a.url, a.body, a.dryRunBody]);
  return found;
}

/** Replaces each `{name}` in `template` by `args[name]`; throws when one is missing. */
export function fillPlaceholders(template: string, args: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = args[name];
    if (value === undefined) throw new ExecutorError('ARGS_INVALID', `the template "${template}" needs the argument "${name}", which was not given`);
    return value;
  });
}

/** True when `template` is exactly one placeholder (`"{factor}"`); returns its name. */
export function wholePlaceholder(template: string): string | undefined {
  const m = /^\{([a-zA-Z][a-zA-Z0-9]*)\}$/.exec(template);
  return m?.[1];
}
