import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { OpsightError } from '../domain/errors.ts';
import { repoPath } from '../repo-root.ts';

/** `prompts/` at the repository root. */
export const PROMPTS_DIR = repoPath('prompts');

/** The front matter of a prompt file. */
export const PromptFrontMatterSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a kebab-case name'),
  version: z.number().int().min(1),
  variables: z.array(z.string().regex(/^[a-z_]+$/, 'must be snake_case')),
}).strict();

/** A loaded prompt: its front matter and the body with `{{variable}}` placeholders. */
export interface PromptTemplate extends z.infer<typeof PromptFrontMatterSchema> {
  body: string;
  file: string;
}

/** A prompt file is missing or malformed, or was rendered with the wrong variables. */
export class PromptError extends OpsightError {
  constructor(readonly file: string, problem: string) {
    super('PROMPT_INVALID', `${file}: ${problem}`);
  }
}

const cache = new Map<string, PromptTemplate>();

/** Reads `prompts/<name>.v<version>.md` (cached); the file's `id` must be `name`, its `version` `version`. */
export function loadPrompt(name: string, version: number, dir = PROMPTS_DIR): PromptTemplate {
  const file = join(dir, `${name}.v${version}.md`);
  const cached = cache.get(file);
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new PromptError(file, `cannot read the prompt file; prompts live in ${dir} as <name>.v<N>.md`);
  }
  const template = parsePrompt(text, file);
  if (template.id !== name || template.version !== version) {
    throw new PromptError(file, `front matter says id "${template.id}" version ${template.version}, the file name says "${name}" version ${version}`);
  }
  cache.set(file, template);
  return template;
}

/** Parses a prompt file's text: `---` YAML front matter `---`, then the body. */
export function parsePrompt(text: string, file: string): PromptTemplate {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!match) throw new PromptError(file, 'must start with YAML front matter between --- lines');
  let raw: unknown;
  try {
    raw = parseYaml(match[1]!);
  } catch (error) {
    throw new PromptError(file, `front matter is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = PromptFrontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PromptError(file, parsed.error.issues.map((i) => `${i.path.join('.') || 'front matter'}: ${i.message}`).join('; '));
  }
  const body = match[2]!.trim();
  const used = placeholdersOf(body);
  const undeclared = [...used].filter((v) => !parsed.data.variables.includes(v));
  if (undeclared.length) throw new PromptError(file, `the body uses {{${undeclared.join('}}, {{')}}} but variables does not declare it`);
  const unusedDeclared = parsed.data.variables.filter((v) => !used.has(v));
  if (unusedDeclared.length) throw new PromptError(file, `variables declares ${unusedDeclared.join(', ')} but the body never uses it`);
  return { ...parsed.data, body, file };
}

/** Fills the placeholders; fails when a declared variable is missing or a given one is not declared. */
export function renderPrompt(template: PromptTemplate, values: Readonly<Record<string, string>>): string {
  const missing = template.variables.filter((v) => values[v] === undefined);
  if (missing.length) throw new PromptError(template.file, `rendering needs ${missing.join(', ')}, which ${missing.length > 1 ? 'were' : 'was'} not given`);
  const extra = Object.keys(values).filter((k) => !template.variables.includes(k));
  if (extra.length) throw new PromptError(template.file, `rendering was given ${extra.join(', ')}, which the prompt does not declare`);
  // One pass, so a value that itself contains {{…}} is never expanded.
  return template.body.replace(/\{\{([a-z_]+)\}\}/g, (_, name: string) => values[name]!);
}

function placeholdersOf(body: string): Set<string> {
  return new Set([...body.matchAll(/\{\{([a-z_]+)\}\}/g)].map((m) => m[1]!));
}
