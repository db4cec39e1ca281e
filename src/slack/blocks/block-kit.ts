import type { types } from '@slack/bolt';

type KnownBlock = types.KnownBlock;
import { SLACK_LIMITS, truncate } from '../slack-limits.ts';

/** A Block Kit block as posted (`chat.postMessage` / `chat.update`). */
export type Block = KnownBlock;

/** A mrkdwn section, cut to Slack's 3000-character limit. */
export function section(text: string, blockId?: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) }, ...(blockId ? { block_id: blockId } : {}) };
}

/** A plain-text header, cut to 150 characters. */
export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, SLACK_LIMITS.headerText), emoji: true } };
}

/** A small grey line of mrkdwn notes (at most 10 elements). */
export function context(notes: string[]): Block {
  return {
    type: 'context',
    elements: notes.slice(0, SLACK_LIMITS.contextElements).map((text) => ({ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) })),
  };
}

export function divider(): Block {
  return { type: 'divider' };
}

/**
 * Sections holding `lines`, each section filled up to the 3000-character limit (a line never split unless
 * it alone is too long), under an optional bold `title`.
 */
export function linesToSections(lines: string[], title?: string): Block[] {
  const blocks: Block[] = [];
  let current = title ? `*${title}*` : '';
  for (const line of lines) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length > SLACK_LIMITS.sectionText && current) {
      blocks.push(section(current));
      current = line;
    } else current = next;
  }
  if (current) blocks.push(section(current));
  return blocks;
}

/** Keeps a message within 50 blocks: extra blocks are dropped and a note says how many. */
export function capBlocks(blocks: Block[], max: number = SLACK_LIMITS.blocksPerMessage): Block[] {
  if (blocks.length <= max) return blocks;
  return [...blocks.slice(0, max - 1), context([`…${blocks.length - max + 1} more block(s) not shown (Slack allows ${max} per message).`])];
}

/** `HH:MM` UTC of an RFC 3339 time. */
export function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(11, 16);
}

/** Escapes the three characters Slack mrkdwn reserves, for untrusted text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
