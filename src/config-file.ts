import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { OpsightError } from './domain/errors.ts';

/** The settings file (OPSIGHT_CONFIG) is unreadable or one of its sections is invalid. */
export class ConfigFileError extends OpsightError {
  constructor(readonly file: string, problems: string[]) {
    super('CONFIG_FILE_INVALID', `${file}: ${problems.join('; ')}`);
  }
}

/** The raw settings file: top-level sections (`mcpServers`, `commands`, `policy`, `slack`, `retro` …) keyed by name. */
export interface ConfigFile {
  path: string;
  sections: Record<string, unknown>;
}

/** Reads a YAML or JSON settings file; absent path → no sections (every area has defaults). */
export async function readConfigFile(path: string | undefined): Promise<ConfigFile> {
  if (!path) return { path: '(no OPSIGHT_CONFIG)', sections: {} };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigFileError(path, [`cannot read the settings file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check OPSIGHT_CONFIG`]);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new ConfigFileError(path, [`not valid YAML/JSON: ${(error as Error).message}`]);
  }
  if (parsed === null || parsed === undefined) return { path, sections: {} };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigFileError(path, ['the top level must be a mapping of section names']);
  return { path, sections: parsed as Record<string, unknown> };
}

/** Validates one section with its area's schema; every problem names `section.path` in the file. */
export function configSection<S extends z.ZodType>(file: ConfigFile, name: string, schema: S): z.infer<S> {
  const parsed = schema.safeParse(file.sections[name] ?? {});
  if (parsed.success) return parsed.data;
  throw new ConfigFileError(
    file.path,
    parsed.error.issues.map((issue) => `${[name, ...issue.path].join('.')}: ${issue.message}`),
  );
}
