import { z } from 'zod';
import type { ChatUser } from '../domain/index.ts';
import { bundleErrorFromZod } from './bundle-error-from-zod.ts';
import { parseJsonFile } from './parse-json-file.ts';

const SlackUserSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  real_name: z.string().optional(),
  is_bot: z.boolean().optional(),
  profile: z
    .object({ display_name: z.string().optional(), real_name: z.string().optional(), title: z.string().optional() })
    .optional(),
});

/**
 * Parses Slack's `users.json`. `name` is the name people see (profile.display_name || real_name || name || id),
 * which is also what `<@U…>` mentions decode to.
 */
export function parseSlackUsers(text: string, file = 'slack/users.json'): ChatUser[] {
  const json = parseJsonFile(file, text);
  const parsed = z.array(SlackUserSchema).safeParse(json);
  if (!parsed.success) throw bundleErrorFromZod(file, parsed.error, json);
  return parsed.data.map((u) => {
    const realName = nonEmpty(u.real_name) ?? nonEmpty(u.profile?.real_name);
    return {
      id: u.id,
      name: nonEmpty(u.profile?.display_name) ?? realName ?? nonEmpty(u.name) ?? u.id,
      realName,
      title: nonEmpty(u.profile?.title),
      isBot: u.is_bot ?? false,
    };
  });
}

function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}
