-- Cluster labels set through the admin API (they replace the configuration file's labels of that
-- cluster), and app sets: a template app plus generators, per tenant, with their last status.
CREATE TABLE cluster_labels (
  name       text PRIMARY KEY,
  labels     jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE appsets (
  tenant     text NOT NULL,
  name       text NOT NULL,
  spec       jsonb NOT NULL,
  status     jsonb NOT NULL DEFAULT '{}'::jsonb,
  version    bigint NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, name)
);
