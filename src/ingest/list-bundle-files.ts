import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../domain/index.ts';

/** One Slack export day file. */
export interface SlackDayFile {
  /** Channel folder name. */
  channel: string;
  /** Bundle-relative path: `slack/<channel>/<YYYY-MM-DD>.json`. */
  file: string;
}

/** The files of a bundle, by source, as bundle-relative paths with `/` separators, sorted by name. */
export interface BundleFileList {
  hasIncident: boolean;
  slack: { users?: string; channels?: string; days: SlackDayFile[] };
  /** Alertmanager payload files (`alerts/*.jsonl` that are not `*.pagerduty.jsonl`). */
  alertmanager: string[];
  /** `alerts/*.pagerduty.jsonl` */
  pagerduty: string[];
  metrics: string[];
  logs: string[];
  changes?: string;
  topology?: string;
}

/**
 * Lists the source files of the bundle in `dir` (no file is read). Throws a UserError when `dir` is not a
 * directory. `truth.json` and anything the spec does not name are ignored.
 */
export async function listBundleFiles(dir: string): Promise<BundleFileList> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UserError(`bundle directory not found: ${dir}`);
  const [top, slackTop, alerts, metrics, logs] = await Promise.all([
    entries(dir),
    entries(join(dir, 'slack')),
    entries(join(dir, 'alerts')),
    entries(join(dir, 'metrics')),
    entries(join(dir, 'logs')),
  ]);
  const isFile = (list: Entry[], name: string) => list.some((e) => e.isFile && e.name === name);
  const channels = slackTop.filter((e) => e.isDirectory).map((e) => e.name);
  const dayLists = await Promise.all(channels.map((c) => entries(join(dir, 'slack', c))));
  const days = channels.flatMap((channel, i) =>
    (dayLists[i] ?? []).filter((e) => e.isFile && e.name.endsWith('.json')).map((e) => ({ channel, file: `slack/${channel}/${e.name}` })),
  );
  const alertFiles = alerts.filter((e) => e.isFile && e.name.endsWith('.jsonl')).map((e) => e.name);
  return {
    hasIncident: isFile(top, 'incident.json'),
    slack: {
      users: isFile(slackTop, 'users.json') ? 'slack/users.json' : undefined,
      channels: isFile(slackTop, 'channels.json') ? 'slack/channels.json' : undefined,
      days,
    },
    alertmanager: alertFiles.filter((n) => !n.endsWith('.pagerduty.jsonl')).map((n) => `alerts/${n}`),
    pagerduty: alertFiles.filter((n) => n.endsWith('.pagerduty.jsonl')).map((n) => `alerts/${n}`),
    metrics: metrics.filter((e) => e.isFile && e.name.endsWith('.json')).map((e) => `metrics/${e.name}`),
    logs: logs.filter((e) => e.isFile && e.name.endsWith('.json')).map((e) => `logs/${e.name}`),
    changes: isFile(top, 'changes.jsonl') ? 'changes.jsonl' : undefined,
    topology: isFile(top, 'topology.json') ? 'topology.json' : undefined,
  };
}

interface Entry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
}

/** Directory entries sorted by name (readdir order is not guaranteed); a missing directory is empty. */
async function entries(path: string): Promise<Entry[]> {
  const list = await readdir(path, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw error;
  });
  return list
    .filter((e) => !e.name.startsWith('.'))
    .map((e) => ({ name: e.name, isFile: e.isFile(), isDirectory: e.isDirectory() }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
