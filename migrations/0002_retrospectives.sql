-- 0002: postmortem drafts of resolved incidents, and the incident channel of a bundle. Never edit once merged.
-- Jobs live in pg-boss's own schema (`pgboss`), which pg-boss creates and migrates itself.

-- incident.json's `channel`, where the nightly retrospective is posted.
ALTER TABLE incidents ADD COLUMN source_channel text;

CREATE INDEX incidents_resolved_at ON incidents (resolved_at) WHERE resolved_at IS NOT NULL;

-- One draft per report: the nightly run drafts an incident again only when it has a newer report.
CREATE TABLE retrospectives (
  id            bigserial PRIMARY KEY,
  incident_id   text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  report_id     bigint NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  title         text NOT NULL,
  markdown      text NOT NULL,
  channel       text,
  drafted_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz,
  publish_error text,
  UNIQUE (incident_id, report_id)
);
CREATE INDEX retrospectives_incident ON retrospectives (incident_id, drafted_at DESC);
