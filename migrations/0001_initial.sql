-- 0001: incidents, reports, signals, embeddings, audit log. Never edit once merged; add 0002_….sql.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE incidents (
  id          text PRIMARY KEY,
  title       text NOT NULL,
  severity    text NOT NULL,
  opened_at   timestamptz NOT NULL,
  resolved_at timestamptz,
  services    text[] NOT NULL DEFAULT '{}',
  bundle_path text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reports (
  id           bigserial PRIMARY KEY,
  incident_id  text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  report       jsonb NOT NULL,
  generated_by text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_incident_latest ON reports (incident_id, created_at DESC, id DESC);

-- One row per signal of a report, so signals can be searched and clustered across incidents.
CREATE TABLE signals (
  id          bigserial PRIMARY KEY,
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  report_id   bigint NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  signal      jsonb NOT NULL,
  service     text NOT NULL,
  kind        text NOT NULL,
  label       text NOT NULL,
  confidence  double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1)
);
CREATE INDEX signals_incident ON signals (incident_id);
CREATE INDEX signals_service_kind ON signals (service, kind);

-- Embeddings of fewer than 256 dimensions are zero-padded; `dims` keeps the embedder's own size.
CREATE TABLE embeddings (
  id          bigserial PRIMARY KEY,
  incident_id text NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  embedder    text NOT NULL,
  dims        int NOT NULL CHECK (dims > 0 AND dims <= 256),
  embedding   vector(256) NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (incident_id, embedder)
);
CREATE INDEX embeddings_hnsw ON embeddings USING hnsw (embedding vector_cosine_ops);

-- Append-only: each row's hash covers prev_hash, so a removed or edited row breaks the chain.
CREATE TABLE audit_log (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  actor     text NOT NULL,
  action    text NOT NULL,
  details   jsonb NOT NULL DEFAULT '{}',
  prev_hash text,
  hash      text NOT NULL UNIQUE
);

CREATE FUNCTION audit_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change();
