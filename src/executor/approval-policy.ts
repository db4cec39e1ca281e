import { z } from 'zod';

/** The built-in role everybody who can press the button in the incident channel has. */
export const ANYONE_ROLE = 'anyone';

/** Who holds a role: Slack user ids (`U…`) and user-group ids (`S…`). */
export const RoleMembersSchema = z.object({
  users: z.array(z.string().min(1)).default([]),
  groups: z.array(z.string().min(1)).default([]),
});

/** One rule; the first rule whose `commands`, `environments`, `args` and `readOnly` all match applies. */
export const PolicyRuleSchema = z.object({
  /** Command names; absent or empty → any command. */
  commands: z.array(z.string().min(1)).optional(),
  /** Environments (`environment` argument); absent or empty → any. */
  environments: z.array(z.string().min(1)).optional(),
  /** Exact argument values, e.g. `{ direction: down }`. */
  args: z.record(z.string(), z.string()).optional(),
  /** Match only read-only (or only mutating) commands. */
  readOnly: z.boolean().optional(),
  /** Distinct approvers needed. */
  approvals: z.number().int().min(1).max(5).default(1),
  /** Roles any of which an approver must hold; `anyone` = anybody on the incident. */
  roles: z.array(z.string().min(1)).min(1),
  /** Whether the proposer may approve; default: only when one approval suffices. */
  allowSelfApproval: z.boolean().optional(),
});
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;

/**
 * Common practice: dev/staging deploys need one confirmation by anyone on the incident; production
 * deploys a team lead; rollbacks one human on call (emergency action); scaling production up any
 * responder, down a team lead; production database migrations two distinct approvers.
 */
export const DEFAULT_POLICY_RULES: PolicyRule[] = [
  { commands: ['run-migration'], environments: ['production'], approvals: 2, roles: ['team-lead', 'on-call', 'dba'] },
  { commands: ['run-migration'], approvals: 1, roles: [ANYONE_ROLE] },
  { commands: ['deploy'], environments: ['production'], approvals: 1, roles: ['team-lead'] },
  { commands: ['deploy'], approvals: 1, roles: [ANYONE_ROLE] },
  { commands: ['rollback'], approvals: 1, roles: ['on-call', 'team-lead'] },
  { commands: ['scale'], environments: ['production'], args: { direction: 'down' }, approvals: 1, roles: ['team-lead'] },
  { commands: ['scale'], environments: ['production'], args: { direction: 'up' }, approvals: 1, roles: [ANYONE_ROLE] },
  { readOnly: true, approvals: 1, roles: [ANYONE_ROLE] },
  { environments: ['production'], approvals: 1, roles: ['on-call', 'team-lead'] },
  { approvals: 1, roles: [ANYONE_ROLE] },
];

/** The `policy` section of the settings file. */
export const ApprovalPolicySchema = z.object({
  /** An approval counts for this long, and a proposal nobody approved expires after it. */
  approvalTtlMinutes: z.number().positive().max(24 * 60).default(30),
  roles: z.record(z.string().min(1), RoleMembersSchema).default({}),
  /** Checked before the default rules (or instead of them with `replaceDefaultRules`). */
  rules: z.array(PolicyRuleSchema).default([]),
  replaceDefaultRules: z.boolean().default(false),
});
export type ApprovalPolicy = z.infer<typeof ApprovalPolicySchema>;

/** The rules in the order they are matched. */
export function policyRules(policy: ApprovalPolicy): PolicyRule[] {
  return policy.replaceDefaultRules ? policy.rules : [...policy.rules, ...DEFAULT_POLICY_RULES];
}
