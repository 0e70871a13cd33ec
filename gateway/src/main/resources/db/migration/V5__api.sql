-- Labels on applications (for list filters) and client keys for idempotent creates.
ALTER TABLE applications ADD COLUMN labels jsonb NOT NULL DEFAULT '{}'::jsonb;
CREATE INDEX applications_labels ON applications USING gin (labels);

CREATE TABLE idempotency_keys (
  tenant       text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  app          text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, key)
);
