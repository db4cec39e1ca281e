import { escapeMrkdwn, section, type Block } from './block-kit.ts';

/** A short apology with the reason and the error id to quote (the stack stays in the server log). */
export function buildApologyBlocks(reason: string, errorId: string): Block[] {
  return [section(`:warning: Sorry, I could not finish this: ${escapeMrkdwn(reason)}\nError id \`${errorId}\` (the details are in the opsight server log).`)];
}
