-- 0004: incidents declared and run from Slack (issue 8): channel, commander, status, header message,
-- lifecycle events (updates, severity/commander changes, human-marked key events) and one Slack
-- message per alert group, updated in place.
ALTER TABLE incidents
  ADD COLUMN channel_id        text UNIQUE,
  ADD COLUMN channel_name      text,
  ADD COLUMN status            text NOT NULL DEFAULT 'investigating'
    CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
  ADD COLUMN commander_user_id text,
  ADD COLUMN declared_by       text,
  ADD COLUMN header_ts         text,
  ADD COLUMN latest_update     text,
  ADD COLUMN mitigated_at      timestamptz,
  ADD COLUMN retro_queued_at   timestamptz;

CREATE TABLE incident_events (
  id          bigserial PRIMARY KEY,
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('declared', 'update', 'severity', 'commander', 'status', 'resolved', 'key-event', 'alert')),
  actor       text NOT NULL,
  text        text NOT NULL,
  -- For key events: the Slack message ts, so marking the same message twice records it once.
  message_ts  text,
  details     jsonb NOT NULL DEFAULT '{}',
  UNIQUE (incident_id, kind, message_ts)
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, at);

CREATE TABLE alert_group_messages (
  incident_id  text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  group_key    text NOT NULL,
  channel_id   text NOT NULL,
  message_ts   text,
  status       text NOT NULL,
  payload_hash text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, group_key)
);
