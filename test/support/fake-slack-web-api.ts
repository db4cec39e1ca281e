import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call the fake received: method name (`chat.postMessage`), parsed body and query. */
export interface RecordedSlackCall {
  method: string;
  /** Form or JSON body merged with the query string; values as sent. */
  args: Record<string, unknown>;
  token: string | undefined;
}

/** What a handler returns: a JSON body (`ok` defaults to true), or a raw status with headers (429 …). */
export type SlackReply =
  | Record<string, unknown>
  | { status: number; headers?: Record<string, string>; body?: Record<string, unknown> };

export type SlackHandler = (args: Record<string, unknown>, call: RecordedSlackCall) => SlackReply | Promise<SlackReply>;

export interface FakeSlackWebApi {
  /** Base URL ending in `/api/`, for `SLACK_API_URL` / Bolt's `clientOptions.slackApiUrl`. */
  url: string;
  calls: RecordedSlackCall[];
  /** Calls of one method, in order. */
  callsTo(method: string): RecordedSlackCall[];
  /** Replaces the answer for one method; unknown methods answer `{ ok: true }`. */
  on(method: string, handler: SlackHandler): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for the Slack Web API (https://api.slack.com/web): records every call and answers
 * from per-method handlers, so tests can script pagination, `ok: false` errors and 429 + Retry-After.
 * Sensible defaults: `chat.postMessage` returns a fresh `ts`, `conversations.create` a fresh channel id.
 */
export async function startFakeSlackWebApi(): Promise<FakeSlackWebApi> {
  const calls: RecordedSlackCall[] = [];
  const handlers = new Map<string, SlackHandler>();
  let counter = 0;
  const nextTs = (): string => `${1_800_000_000 + counter}.${String(++counter).padStart(6, '0')}`;
  handlers.set('auth.test', () => ({ user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'opsight' }));
  handlers.set('chat.postMessage', (args) => ({ channel: args.channel, ts: nextTs(), message: { text: args.text } }));
  handlers.set('chat.postEphemeral', () => ({ message_ts: nextTs() }));
  handlers.set('chat.update', (args) => ({ channel: args.channel, ts: args.ts, text: args.text }));
  handlers.set('conversations.create', (args) => ({ channel: { id: `C${String(++counter).padStart(8, '0')}`, name: args.name } }));

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: `fake_slack_failure: ${(error as Error).message}` }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = url.pathname.replace(/^\/api\//, '').replace(/^\//, '');
    const body = await readBody(req);
    const args: Record<string, unknown> = { ...Object.fromEntries(url.searchParams), ...parseBody(body, req.headers['content-type']) };
    const auth = req.headers.authorization;
    const call: RecordedSlackCall = { method, args, token: auth?.replace(/^Bearer\s+/i, '') ?? (args.token as string | undefined) };
    calls.push(call);
    const handler = handlers.get(method);
    const reply = handler ? await handler(args, call) : {};
    if (typeof reply.status === 'number' && !('ok' in reply)) {
      const raw = reply as { status: number; headers?: Record<string, string>; body?: Record<string, unknown> };
      res.writeHead(raw.status, { 'content-type': 'application/json', ...raw.headers });
      res.end(JSON.stringify(raw.body ?? { ok: false, error: raw.status === 429 ? 'ratelimited' : 'error' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, ...reply }));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    on: (method, handler) => void handlers.set(method, handler),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Slack clients send form-encoded bodies (objects as JSON strings) or JSON. */
function parseBody(body: string, contentType: string | undefined): Record<string, unknown> {
  if (!body) return {};
  if (contentType?.includes('application/json')) return JSON.parse(body) as Record<string, unknown>;
  const form = Object.fromEntries(new URLSearchParams(body));
  return Object.fromEntries(
    Object.entries(form).map(([key, value]) => {
      if (/^[[{]/.test(value)) {
        try {
          return [key, JSON.parse(value) as unknown];
        } catch {
          return [key, value];
        }
      }
      return [key, value];
    }),
  );
}
