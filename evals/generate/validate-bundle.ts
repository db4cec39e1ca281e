import { z } from 'zod';
import { IncidentSchema, Rfc3339Schema, TopologySchema } from '../../src/domain/index.ts';
import { TruthSchema } from '../score/truth-schema.ts';

const Zero = '0001-01-01T00:00:00Z';
const SampleText = z.string().regex(/^(NaN|[+-]Inf|-?\d+(\.\d+)?(e[+-]?\d+)?)$/);

const AlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: z.record(z.string(), z.string()).refine((l) => typeof l.alertname === 'string', 'alertname label'),
  annotations: z.record(z.string(), z.string()),
  startsAt: Rfc3339Schema,
  endsAt: z.union([Rfc3339Schema, z.literal(Zero)]),
  generatorURL: z.string(),
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
});
const AlertmanagerPayloadSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string().min(1),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().min(1),
  groupLabels: z.record(z.string(), z.string()),
  commonLabels: z.record(z.string(), z.string()),
  commonAnnotations: z.record(z.string(), z.string()),
  externalURL: z.string(),
  alerts: z.array(AlertSchema).min(1),
});
const PagerDutySchema = z.object({
  event: z.object({
    id: z.string(), event_type: z.string().startsWith('incident.'), resource_type: z.literal('incident'), occurred_at: Rfc3339Schema,
    data: z.object({ id: z.string(), type: z.literal('incident'), status: z.string(), title: z.string(), service: z.object({ summary: z.string() }) }),
  }),
});
const MatrixSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.object({
      metric: z.object({ __name__: z.string(), service: z.string() }).catchall(z.string()),
      values: z.array(z.tuple([z.number(), SampleText])),
    })),
  }),
});
const StreamsSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('streams'),
    result: z.array(z.object({
      stream: z.object({ service: z.string(), level: z.string() }).catchall(z.string()),
      values: z.array(z.tuple([z.string().regex(/^\d{19}$/), z.string()])),
    })),
  }),
});
const CloudEventSchema = z.object({
  specversion: z.literal('1.0'), id: z.string().min(1), source: z.string().min(1), type: z.string().min(1),
  subject: z.string().min(1), time: Rfc3339Schema, data: z.record(z.string(), z.unknown()),
});
const SlackUserSchema = z.object({ id: z.string(), name: z.string(), real_name: z.string(), is_bot: z.boolean(), profile: z.object({ title: z.string(), display_name: z.string() }) });
const SlackChannelSchema = z.object({ id: z.string(), name: z.string(), created: z.number(), members: z.array(z.string()), topic: z.object({ value: z.string() }), purpose: z.object({ value: z.string() }) });
const SlackMessageSchema = z.object({
  type: z.literal('message'), text: z.string(), ts: z.string().regex(/^\d{10}\.\d{6}$/),
  user: z.string().optional(), thread_ts: z.string().optional(), reply_count: z.number().optional(),
  subtype: z.string().optional(), bot_id: z.string().optional(), username: z.string().optional(), attachments: z.array(z.unknown()).optional(),
});

/**
 * Checks every file of a bundle against shared/spec/incident-bundle.md and returns the problems
 * (empty when valid). Used by the generator's tests.
 */
export function validateBundle(files: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  const check = (path: string, schema: z.ZodType, value: unknown) => {
    const r = schema.safeParse(value);
    if (!r.success) problems.push(`${path}: ${r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  };
  const json = (path: string, text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      problems.push(`${path}: not JSON`);
      return undefined;
    }
  };
  if (!files.has('incident.json')) problems.push('incident.json missing');
  const tsByChannel = new Map<string, Set<string>>();
  const threadRefs: Array<[string, string, string]> = [];
  for (const [path, text] of files) {
    if (path === 'incident.json') check(path, IncidentSchema, json(path, text));
    else if (path === 'truth.json') check(path, TruthSchema, json(path, text));
    else if (path === 'topology.json') check(path, TopologySchema, json(path, text));
    else if (path === 'case.yaml') continue;
    else if (path === 'changes.jsonl') text.trimEnd().split('\n').forEach((l, i) => check(`${path}:${i + 1}`, CloudEventSchema, json(path, l)));
    else if (path.endsWith('.pagerduty.jsonl')) text.trimEnd().split('\n').forEach((l, i) => check(`${path}:${i + 1}`, PagerDutySchema, json(path, l)));
    else if (path.startsWith('alerts/') && path.endsWith('.jsonl')) text.trimEnd().split('\n').forEach((l, i) => check(`${path}:${i + 1}`, AlertmanagerPayloadSchema, json(path, l)));
    else if (path.startsWith('metrics/')) {
      const m = json(path, text);
      check(path, MatrixSchema, m);
      for (const r of (m as z.infer<typeof MatrixSchema>).data?.result ?? []) {
        for (let i = 1; i < r.values.length; i++) if ((r.values[i]?.[0] ?? 0) <= (r.values[i - 1]?.[0] ?? 0)) { problems.push(`${path}: samples not increasing`); break; }
      }
    } else if (path.startsWith('logs/')) check(path, StreamsSchema, json(path, text));
    else if (path === 'slack/users.json') check(path, z.array(SlackUserSchema), json(path, text));
    else if (path === 'slack/channels.json') check(path, z.array(SlackChannelSchema), json(path, text));
    else if (path.startsWith('slack/')) {
      const [, channel, file] = path.split('/');
      const msgs = json(path, text) as Array<z.infer<typeof SlackMessageSchema>>;
      check(path, z.array(SlackMessageSchema), msgs);
      const seen = tsByChannel.get(channel as string) ?? new Set<string>();
      for (const m of msgs ?? []) {
        if (seen.has(m.ts)) problems.push(`${path}: duplicate ts ${m.ts}`);
        seen.add(m.ts);
        const day = new Date(Number(m.ts.split('.')[0]) * 1000).toISOString().slice(0, 10);
        if (`${day}.json` !== file) problems.push(`${path}: message ${m.ts} belongs in ${day}.json`);
        if (m.thread_ts !== undefined) threadRefs.push([path, channel as string, m.thread_ts]);
      }
      tsByChannel.set(channel as string, seen);
    } else problems.push(`${path}: not a bundle file`);
  }
  for (const [path, channel, ts] of threadRefs) if (!tsByChannel.get(channel)?.has(ts)) problems.push(`${path}: thread_ts ${ts} has no parent`);
  const caseText = files.get('case.yaml');
  if (caseText === undefined) problems.push('case.yaml missing');
  return problems;
}
