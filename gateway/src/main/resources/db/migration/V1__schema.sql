-- Tenants as loaded from tenants/*.yaml (the files win) or created through the admin API.
CREATE TABLE tenants (
  name          text PRIMARY KEY,
  display_name  text NOT NULL,
  definition    jsonb NOT NULL,
  source        text NOT NULL DEFAULT 'file',
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Registered clusters; credentials are encrypted by the gateway before they get here.
CREATE TABLE clusters (
  name           text PRIMARY KEY,
  server         text,
  credentials    bytea,
  source         text NOT NULL DEFAULT 'config',
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Git repositories and the last revision fetched from each.
CREATE TABLE repositories (
  url             text PRIMARY KEY,
  credentials     bytea,
  last_fetched_at timestamptz,
  last_error      text
);

CREATE TABLE applications (
  tenant           text NOT NULL,
  name             text NOT NULL,
  spec             jsonb NOT NULL,
  version          bigint NOT NULL DEFAULT 1,
  sync_status      text NOT NULL DEFAULT 'Unknown',
  health_status    text NOT NULL DEFAULT 'Unknown',
  health_message   text NOT NULL DEFAULT '',
  revision         text,
  status_message   text NOT NULL DEFAULT '',
  resources        jsonb NOT NULL DEFAULT '[]'::jsonb,
  reconciled_at    timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, name)
);

CREATE TABLE sync_operations (
  id           bigserial PRIMARY KEY,
  tenant       text NOT NULL,
  app          text NOT NULL,
  revision     text,
  triggered_by text NOT NULL,
  phase        text NOT NULL,
  message      text NOT NULL DEFAULT '',
  results      jsonb NOT NULL DEFAULT '[]'::jsonb,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  FOREIGN KEY (tenant, app) REFERENCES applications (tenant, name) ON DELETE CASCADE
);
CREATE INDEX sync_operations_app ON sync_operations (tenant, app, id DESC);

CREATE TABLE audit_log (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  subject   text NOT NULL,
  tenant    text,
  token_id  text,
  action    text NOT NULL,
  target    text NOT NULL,
  source_ip text,
  outcome   text NOT NULL,
  detail    jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_tenant ON audit_log (tenant, id DESC);
