import { z } from 'zod';
import { parseRfc3339Ms } from './parse-rfc3339.ts';

/** An RFC 3339 timestamp string, parsed to unix milliseconds; an unparsable one is a zod issue at its path. */
export const TimestampMsSchema = z.string().transform((text, ctx) => {
  const ms = parseRfc3339Ms(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'an RFC 3339 timestamp', input: text });
    return z.NEVER;
  }
  return ms;
});
