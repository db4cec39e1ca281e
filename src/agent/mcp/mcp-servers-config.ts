import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../../domain/errors.ts';
import { ConfigFileError, configSection, readConfigFile } from '../../config-file.ts';

const COMMAND_EXPECTED = 'must be the program to start (for example "node" or "npx")';

const StdioServerSchema = z.strictObject({
  command: z.string({ error: COMMAND_EXPECTED }).min(1, COMMAND_EXPECTED),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().min(1).optional(),
});

const HttpServerSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL of a Streamable HTTP MCP endpoint' }),
  headers: z.record(z.string(), z.string()).default({}),
});

/**
 * One MCP server: a command started on stdio, or the URL of a Streamable HTTP endpoint. An entry with a
 * `url` is checked as HTTP, any other as stdio, so each problem names the exact field (a plain union
 * would only say that neither shape matched).
 */
export const McpServerConfigSchema = z.unknown().transform((value, ctx): StdioServerConfig | HttpServerConfig => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'must be { command, args?, env?, cwd? } (stdio) or { url, headers? } (Streamable HTTP)' });
    return z.NEVER;
  }
  const parsed = ('url' in value ? HttpServerSchema : StdioServerSchema).safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});
export type McpServerConfig = z.infer<typeof McpServerConfigSchema>;
export type StdioServerConfig = z.infer<typeof StdioServerSchema>;
export type HttpServerConfig = z.infer<typeof HttpServerSchema>;

/** The `mcpServers` map, keyed by server name, as Claude Desktop and IDE agents write it. */
export const McpServersSchema = z.record(z.string().min(1), McpServerConfigSchema);
export type McpServers = z.infer<typeof McpServersSchema>;

/** True for a server started as a child process on stdio. */
export function isStdioServer(config: McpServerConfig): config is StdioServerConfig {
  return 'command' in config;
}

/**
 * Reads the MCP servers to connect: from `mcpConfigFile` (a JSON file `{ "mcpServers": { … } }`, as
 * `--mcp-config` gives it) when set, else from the `mcpServers` section of the OPSIGHT_CONFIG settings file.
 * @throws ConfigFileError naming the file, the server and the field when the config is invalid.
 * @throws UserError when neither place configures any server.
 */
export async function loadMcpServersConfig(options: { mcpConfigFile?: string; settingsFile?: string }): Promise<McpServers> {
  const servers = options.mcpConfigFile
    ? await readMcpConfigJson(options.mcpConfigFile)
    : configSection(await readConfigFile(options.settingsFile), 'mcpServers', McpServersSchema);
  if (Object.keys(servers).length === 0) {
    throw new UserError(
      `no MCP servers configured: pass --mcp-config FILE with { "mcpServers": { "<name>": { "command": …, "args": […] } } }, or add an mcpServers section to the OPSIGHT_CONFIG file${options.settingsFile ? ` (${options.settingsFile})` : ''}`,
    );
  }
  return servers;
}

/** Parses a `{ "mcpServers": { … } }` JSON file; each problem names `mcpServers.<server>.<field>`. */
export async function readMcpConfigJson(path: string): Promise<McpServers> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigFileError(path, [`cannot read the MCP config file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check --mcp-config`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('mcpServers' in json)) {
    throw new ConfigFileError(path, ['must be a JSON object with an "mcpServers" mapping of server names']);
  }
  return configSection({ path, sections: json as Record<string, unknown> }, 'mcpServers', McpServersSchema);
}
