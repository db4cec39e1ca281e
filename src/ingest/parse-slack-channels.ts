import { z } from 'zod';
import { bundleErrorFromZod } from './bundle-error-from-zod.ts';
import { parseJsonFile } from './parse-json-file.ts';

/** A Slack channel from `channels.json`, reduced to what decoding `<#C…>` needs. */
export interface SlackChannel {
  id: string;
  name: string;
}

const SlackChannelSchema = z.object({ id: z.string().min(1), name: z.string().min(1) });

/** Parses Slack's `channels.json` (`[{id, name, created, members, topic, purpose}]`). */
export function parseSlackChannels(text: string, file = 'slack/channels.json'): SlackChannel[] {
  const json = parseJsonFile(file, text);
  const parsed = z.array(SlackChannelSchema).safeParse(json);
  if (!parsed.success) throw bundleErrorFromZod(file, parsed.error, json);
  return parsed.data.map(({ id, name }) => ({ id, name }));
}
