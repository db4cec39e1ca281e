import type { ProposedCommand } from '../domain/proposal.ts';

/** low | medium | high, as the domain defines it. */
export type Risk = ProposedCommand['risk'];
