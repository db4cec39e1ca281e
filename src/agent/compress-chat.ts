import type { ClassifiedChat, ChatRole } from '../analysis/classify-chat.ts';
import { clock } from '../analysis/describe.ts';

/** Chat roles that carry a decision, hypothesis, action or open question, most telling first. */
const KEPT_ROLES: Partial<Record<ChatRole, number>> = { resolution: 0, mitigation: 1, action: 2, claim: 3, question: 4, report: 5 };
const MAX_LINE_CHARS = 220;

/** One chat line worth sending to a model. */
export interface CompressedChatLine {
  timeMs: number;
  role: ChatRole;
  line: string;
  /** Lower is more telling (resolution 0 … report 5). */
  priority: number;
}

/**
 * The incident conversation without filler: decisions, hypotheses, actions and questions, one line
 * each (`15:02:11 @alice [action] rolling back payments`), repeated texts once, in time order.
 */
export function compressChat(chat: readonly ClassifiedChat[]): CompressedChatLine[] {
  const seen = new Set<string>();
  const lines: CompressedChatLine[] = [];
  for (const c of chat) {
    const priority = KEPT_ROLES[c.role];
    if (priority === undefined) continue;
    const text = c.message.text.replace(/\s+/g, ' ').trim();
    const key = text.toLowerCase().replace(/[^a-z]+/g, ' ').trim();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const short = text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text;
    lines.push({ timeMs: c.message.timeMs, role: c.role, priority, line: `${clock(c.message.timeMs)} @${c.message.userName} [${c.role}] ${short}` });
  }
  return lines;
}
