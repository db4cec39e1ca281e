import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countTokens } from '../../src/agent/count-tokens.ts';

/** One scripted tool call; `arguments` is sent as JSON unless it is already a string (malformed on purpose). */
export interface FakeToolCall {
  name: string;
  arguments: unknown;
  id?: string;
}

/** What the fake answers to one request. */
export type FakeReply =
  | { content: string; delayMs?: number }
  | { toolCalls: FakeToolCall[]; content?: string; delayMs?: number }
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

/** A reply, or a function of the request body that returns one. */
export type FakeScriptStep = FakeReply | ((body: RecordedChatRequest) => FakeReply);

/** The request body as the fake received it (the parts tests assert on, plus everything else). */
export interface RecordedChatRequest {
  model: string;
  messages: Array<{ role: string; content: string | null; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>; tool_call_id?: string }>;
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters: Record<string, unknown> } }>;
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
  stream?: boolean;
  [key: string]: unknown;
}

export interface FakeOpenAiServer {
  /** Base URL ending in `/v1`, for `OPENAI_BASE_URL`. */
  url: string;
  /** Every `/v1/chat/completions` body received, in order (retries included). */
  requests: RecordedChatRequest[];
  /** Authorization headers received, in order. */
  authorizations: Array<string | undefined>;
  /** Appends replies; each request takes the next one. A request with none left gets a 500. */
  script(...steps: FakeScriptStep[]): void;
  /** Replies not used yet. */
  pending(): number;
  close(): Promise<void>;
}

/**
 * A local OpenAI-compatible server (127.0.0.1, random port) for tests and the agent benchmark: serves
 * scripted chat completions (tool calls, JSON answers, SSE streaming when `stream: true`, error
 * statuses, delays) and records every request body. Usage is counted with the o200k tokenizer.
 */
export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const requests: RecordedChatRequest[] = [];
  const authorizations: Array<string | undefined> = [];
  const queue: FakeScriptStep[] = [];
  let counter = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => send(res, 500, { error: { message: `fake server failure: ${(error as Error).message}`, type: 'server_error' } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const raw = await readBody(req);
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      send(res, 404, { error: { message: `fake serves POST /v1/chat/completions only, got ${req.method} ${path}`, type: 'invalid_request_error' } });
      return;
    }
    const body = JSON.parse(raw) as RecordedChatRequest;
    requests.push(body);
    authorizations.push(req.headers.authorization);
    const step = queue.shift();
    if (!step) {
      send(res, 500, { error: { message: 'fake OpenAI server: no scripted reply left for this request', type: 'server_error' } });
      return;
    }
    const reply = typeof step === 'function' ? step(body) : step;
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (res.destroyed) return;
    if ('status' in reply) {
      send(res, reply.status, reply.body ?? { error: { message: `scripted ${reply.status}`, type: 'scripted_error' } }, reply.headers);
      return;
    }
    const id = `chatcmpl-fake-${++counter}`;
    const toolCalls = 'toolCalls' in reply
      ? reply.toolCalls.map((c, i) => ({ id: c.id ?? `call_${counter}_${i}`, type: 'function' as const, function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) } }))
      : [];
    const content = reply.content ?? null;
    const usage = { prompt_tokens: promptTokensOf(body), completion_tokens: countTokens(content ?? '') + toolCalls.reduce((n, c) => n + countTokens(c.function.name + c.function.arguments), 0) };
    const finish = toolCalls.length ? 'tool_calls' : 'stop';
    if (body.stream) {
      streamReply(res, id, body.model, content, toolCalls, finish, (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage ? usage : undefined);
      return;
    }
    send(res, 200, {
      id, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: body.model,
      choices: [{ index: 0, finish_reason: finish, logprobs: null, message: { role: 'assistant', content, refusal: null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) } }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    authorizations,
    script: (...steps) => { queue.push(...steps); },
    pending: () => queue.length,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Server-sent events as the OpenAI API streams them: role, content pieces, tool-call fragments, finish, usage, [DONE]. */
function streamReply(
  res: ServerResponse, id: string, model: string, content: string | null,
  toolCalls: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>,
  finish: string, usage?: { prompt_tokens: number; completion_tokens: number },
): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] })}\n\n`);
  chunk({ role: 'assistant', content: '' });
  if (content) for (const piece of content.match(/[\s\S]{1,16}/g) ?? []) chunk({ content: piece });
  toolCalls.forEach((call, index) => {
    chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
    for (const piece of call.function.arguments.match(/[\s\S]{1,10}/g) ?? []) chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
  });
  chunk({}, finish);
  if (usage) res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })}\n\n`);
  res.write('data: [DONE]\n\n');
  res.end();
}

function promptTokensOf(body: RecordedChatRequest): number {
  let n = 3;
  for (const m of body.messages) n += 4 + countTokens(m.content ?? '') + (m.tool_calls ?? []).reduce((k, c) => k + countTokens(c.function.name + c.function.arguments) + 3, 0);
  if (body.tools?.length) n += countTokens(JSON.stringify(body.tools));
  return n;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
