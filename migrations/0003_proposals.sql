-- 0003: proposals, approvals, executions, the executor's kill switch. Never edit once merged.
-- The state machine lives in src/executor/proposal-service.ts; these constraints are its backstop.

CREATE TABLE proposals (
  id           text PRIMARY KEY,
  source_id    text NOT NULL,            -- the analysis' own id (`INC-1:p1`)
  incident_id  text NOT NULL,
  command      text NOT NULL,
  args         jsonb NOT NULL,
  risk         text NOT NULL,
  rationale    text NOT NULL,
  environment  text NOT NULL,
  target       text NOT NULL,            -- `service@environment`: one run at a time per target
  channel      text,
  thread_ts    text,
  proposed_by  text NOT NULL,
  status       text NOT NULL CHECK (status IN
                 ('proposed', 'approved', 'running', 'succeeded', 'failed', 'rejected', 'expired', 'unknown')),
  status_reason text,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);
CREATE INDEX proposals_incident ON proposals (incident_id, created_at);
CREATE INDEX proposals_status ON proposals (status, created_at);

-- One row per human who approved; a replayed click cannot add a second one.
CREATE TABLE approvals (
  id          bigserial PRIMARY KEY,
  proposal_id text NOT NULL REFERENCES proposals (id),
  user_id     text NOT NULL,
  groups      text[] NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL,
  UNIQUE (proposal_id, user_id)
);
CREATE INDEX approvals_user_at ON approvals (user_id, at);

-- At most one execution per proposal, ever (idempotency), and one running execution per target.
CREATE TABLE executions (
  id             bigserial PRIMARY KEY,
  proposal_id    text NOT NULL UNIQUE REFERENCES proposals (id),
  target         text NOT NULL,
  status         text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'unknown')),
  triggered_by   text NOT NULL,
  started_at     timestamptz NOT NULL,
  deadline_at    timestamptz NOT NULL,
  finished_at    timestamptz,
  duration_ms    integer,
  dry_run        jsonb,
  result         jsonb
);
CREATE UNIQUE INDEX executions_one_running_per_target ON executions (target) WHERE status = 'running';

-- Defence in depth: no execution row can exist without at least one recorded approval.
CREATE FUNCTION executions_require_approval() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM approvals WHERE proposal_id = NEW.proposal_id) THEN
    RAISE EXCEPTION 'execution of proposal % refused: no approval recorded', NEW.proposal_id;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER executions_require_approval BEFORE INSERT ON executions
  FOR EACH ROW EXECUTE FUNCTION executions_require_approval();

-- The kill switch: one row.
CREATE TABLE executor_state (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  paused     boolean NOT NULL DEFAULT false,
  changed_by text,
  changed_at timestamptz,
  reason     text
);
INSERT INTO executor_state (singleton, paused) VALUES (true, false);
