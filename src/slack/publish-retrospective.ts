import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { maskSecrets } from '../report/mask-secrets.ts';
import { context, header, section } from './blocks/block-kit.ts';
import type { Redact } from './ports.ts';
import { redactBlocks } from './redact-blocks.ts';
import { SlackPayloadError } from './slack-payload-error.ts';

/** A postmortem draft to publish in an incident channel. */
export interface RetrospectiveToPublish {
  /** Channel id (`C…`) or name (`inc-20260304-payment`); the upload goes to the id Slack answers with. */
  channel: string;
  title: string;
  /** The whole draft; uploaded as a `.md` file in the message's thread. */
  markdown: string;
  /** Defaults to `maskSecrets`; both the message and the file pass it. */
  redact?: Redact;
}

/** Where it went: the message's ts and the uploaded file's id. */
export interface PublishedRetrospective {
  ts: string;
  fileId?: string;
}

const UploadSchema = z.object({ files: z.array(z.object({ files: z.array(z.object({ id: z.string() })).optional() })).default([]) });

/**
 * Posts the retrospective as a message (title, the draft's opening as an excerpt) and uploads the full
 * markdown as a file in that message's thread, through `files.uploadV2` (getUploadURLExternal → upload →
 * completeUploadExternal). Slack API errors propagate (the WebClient already retried 429s and 5xx).
 */
export async function publishRetrospective(client: WebClient, { channel, title, markdown, redact = maskSecrets }: RetrospectiveToPublish): Promise<PublishedRetrospective> {
  const clean = redact(markdown);
  const blocks = redactBlocks([header(`Retrospective draft · ${title}`), section(excerpt(clean)), context(['Full draft attached below as markdown. Edit it before you share it.'])], redact);
  const posted = await client.chat.postMessage({ channel, text: redact(`Retrospective draft: ${title}`), blocks });
  const ts = String(posted.ts);
  // files.completeUploadExternal takes only ids; chat.postMessage resolves a name and returns the id.
  const channelId = typeof posted.channel === 'string' && posted.channel ? posted.channel : channel;
  const upload = await client.filesUploadV2({ channel_id: channelId, thread_ts: ts, filename: `${slug(title)}.md`, title: redact(title), content: clean, snippet_type: 'markdown' });
  const parsed = UploadSchema.safeParse(upload);
  if (!parsed.success) throw new SlackPayloadError('files.uploadV2', parsed.error);
  return { ts, fileId: parsed.data.files[0]?.files?.[0]?.id };
}

/** The first paragraphs of the draft (headings dropped), up to ~1500 characters. */
function excerpt(markdown: string): string {
  const lines = markdown.split('\n').filter((l) => !/^\s*#/.test(l));
  const text = lines.join('\n').trim();
  const cut = text.length > 1500 ? `${text.slice(0, text.lastIndexOf('\n', 1500) > 0 ? text.lastIndexOf('\n', 1500) : 1500)}\n…` : text;
  return cut || '(empty draft)';
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'retrospective';
}
