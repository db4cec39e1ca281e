import type { SlackAppServices } from './slack-app-services.ts';
import type { SlackMessage } from './slack-poster.ts';
import { redactBlocks } from './redact-blocks.ts';

/** Answers a slash command through its `response_url` (what Bolt's `respond` does), redacted. */
export async function respondViaUrl(responseUrl: string, services: SlackAppServices, message: SlackMessage & { inChannel?: boolean }): Promise<void> {
  const res = await fetch(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      response_type: message.inChannel ? 'in_channel' : 'ephemeral',
      text: services.redact(message.text),
      ...(message.blocks ? { blocks: redactBlocks(message.blocks, services.redact) } : {}),
    }),
  });
  if (!res.ok) {
    services.metrics.failures.inc({ stage: 'slack_api' });
    throw new Error(`response_url answered HTTP ${res.status}`);
  }
}
