import { ANYONE_ROLE, type ApprovalPolicy, type PolicyRule, policyRules } from './approval-policy.ts';

/** What the policy looks at in a proposal. */
export interface PolicySubject {
  command: string;
  args: Readonly<Record<string, string>>;
  readOnly: boolean;
  /** `opsight` for the agent, or the Slack user who proposed it. */
  proposedBy: string;
}

/** A human pressing Approve: Slack user id and the user groups they belong to. */
export interface Actor {
  userId: string;
  groups?: readonly string[];
}

/** A recorded approval. */
export interface RecordedApproval {
  userId: string;
  groups: readonly string[];
  atMs: number;
}

/** Whether `actor` may approve now, and whether the policy is then satisfied. */
export type PolicyDecision =
  | { allowed: false; reason: string; rule: PolicyRule }
  | { allowed: true; satisfied: boolean; alreadyApproved: boolean; approvers: string[]; reason: string; rule: PolicyRule };

/** The first rule that matches the proposal; the last default rule matches everything. */
export function ruleFor(policy: ApprovalPolicy, subject: PolicySubject): PolicyRule {
  const rule = policyRules(policy).find(
    (r) =>
      (!r.commands?.length || r.commands.includes(subject.command)) &&
      (!r.environments?.length || r.environments.includes(subject.args.environment ?? '')) &&
      (r.readOnly === undefined || r.readOnly === subject.readOnly) &&
      Object.entries(r.args ?? {}).every(([k, v]) => subject.args[k] === v),
  );
  return rule ?? { approvals: 1, roles: ['team-lead'] };
}

/** The roles `actor` holds under the policy's mapping (always including `anyone`). */
export function rolesOf(policy: ApprovalPolicy, actor: Actor): Set<string> {
  const roles = new Set([ANYONE_ROLE]);
  for (const [name, members] of Object.entries(policy.roles)) {
    if (members.users.includes(actor.userId) || (actor.groups ?? []).some((g) => members.groups.includes(g))) roles.add(name);
  }
  return roles;
}

function selfApprovalAllowed(rule: PolicyRule): boolean {
  return rule.allowSelfApproval ?? rule.approvals < 2;
}

/** Why `actor` may not approve under `rule`, or undefined when they may. */
function refusal(policy: ApprovalPolicy, rule: PolicyRule, subject: PolicySubject, actor: Actor): string | undefined {
  if (actor.userId === subject.proposedBy && !selfApprovalAllowed(rule)) {
    return `you proposed this command and it needs ${describeRule(rule)}: someone else must approve it`;
  }
  const held = rolesOf(policy, actor);
  if (!rule.roles.some((r) => held.has(r))) {
    const mine = [...held].filter((r) => r !== ANYONE_ROLE);
    return `not authorized: ${subject.command} in ${subject.args.environment ?? 'this environment'} needs ${describeRule(rule)}; you are ${mine.length ? `${mine.join(', ')}` : 'in none of the mapped roles'}`;
  }
  return undefined;
}

/** The approvals that count now: unexpired, from authorized distinct users, never the proposer when forbidden. */
export function countedApprovers(policy: ApprovalPolicy, subject: PolicySubject, approvals: readonly RecordedApproval[], nowMs: number): string[] {
  const rule = ruleFor(policy, subject);
  const ttlMs = policy.approvalTtlMinutes * 60_000;
  const users = new Set<string>();
  for (const a of approvals) {
    if (a.atMs > nowMs || nowMs - a.atMs > ttlMs) continue;
    if (refusal(policy, rule, subject, { userId: a.userId, groups: a.groups }) === undefined) users.add(a.userId);
  }
  return [...users];
}

/**
 * Pure: may `actor` approve the proposal now (given the approvals already recorded), and would the
 * policy then be satisfied? Every answer carries a reason a human can act on.
 */
export function evaluatePolicy(
  policy: ApprovalPolicy,
  subject: PolicySubject,
  approvals: readonly RecordedApproval[],
  actor: Actor,
  nowMs: number,
): PolicyDecision {
  const rule = ruleFor(policy, subject);
  const why = refusal(policy, rule, subject, actor);
  if (why) return { allowed: false, reason: why, rule };
  const before = countedApprovers(policy, subject, approvals, nowMs);
  const alreadyApproved = before.includes(actor.userId);
  const approvers = alreadyApproved ? before : [...before, actor.userId];
  const satisfied = approvers.length >= rule.approvals;
  const missing = rule.approvals - approvers.length;
  const reason = satisfied
    ? `approved by ${approvers.join(', ')} (needs ${describeRule(rule)})`
    : `${alreadyApproved ? 'you already approved; ' : ''}${approvers.length} of ${rule.approvals} approvals: waiting for ${numberWord(missing)} more (${describeRule(rule)}, each a different person)`;
  return { allowed: true, satisfied, alreadyApproved, approvers, reason, rule };
}

/** Whether the recorded approvals satisfy the policy now (the executor's own re-check). */
export function isPolicySatisfied(policy: ApprovalPolicy, subject: PolicySubject, approvals: readonly RecordedApproval[], nowMs: number): { satisfied: boolean; approvers: string[]; reason: string } {
  const rule = ruleFor(policy, subject);
  const approvers = countedApprovers(policy, subject, approvals, nowMs);
  const satisfied = approvers.length >= rule.approvals;
  return {
    satisfied,
    approvers,
    reason: satisfied
      ? `approved by ${approvers.join(', ')}`
      : `${approvers.length} of ${rule.approvals} valid approvals (approvals expire after ${policy.approvalTtlMinutes} min); needs ${describeRule(rule)}`,
  };
}

/** Who can approve, for the Slack button: "one on-call engineer or team lead". */
export function describeApprovers(policy: ApprovalPolicy, subject: PolicySubject): string {
  return describeRule(ruleFor(policy, subject));
}

const ROLE_LABELS: Record<string, [string, string]> = {
  [ANYONE_ROLE]: ['person on the incident', 'people on the incident'],
  'team-lead': ['team lead', 'team leads'],
  'on-call': ['on-call engineer', 'on-call engineers'],
  dba: ['DBA', 'DBAs'],
};

function describeRule(rule: PolicyRule): string {
  const plural = rule.approvals > 1;
  const labels = rule.roles.map((r) => ROLE_LABELS[r]?.[plural ? 1 : 0] ?? r);
  const who = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}` : labels[0]!;
  const self = selfApprovalAllowed(rule) ? '' : ', not the proposer';
  return plural ? `${numberWord(rule.approvals)} distinct approvers (${who})${self}` : `one ${who}${self}`;
}

function numberWord(n: number): string {
  return ['zero', 'one', 'two', 'three', 'four', 'five'][n] ?? String(n);
}
