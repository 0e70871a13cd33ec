-- Notification targets of a tenant (their URL and headers encrypted in `secret`) and every delivery.
CREATE TABLE notification_targets (
  tenant           text NOT NULL,
  name             text NOT NULL,
  url_shown        text NOT NULL,
  preset           text NOT NULL,
  triggers         jsonb NOT NULL,
  out_of_sync_secs integer NOT NULL,
  template         text,
  header_names     jsonb NOT NULL DEFAULT '[]'::jsonb,
  secret           bytea NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, name)
);

CREATE TABLE notification_deliveries (
  id            bigserial PRIMARY KEY,
  tenant        text NOT NULL,
  target        text NOT NULL,
  app           text NOT NULL,
  trigger       text NOT NULL,
  status        text NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  response_code integer,
  error         text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_deliveries_tenant ON notification_deliveries (tenant, id DESC);
