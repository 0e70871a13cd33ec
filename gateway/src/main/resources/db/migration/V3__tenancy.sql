-- API tokens for CI and bots: scoped to one tenant and role, stored only as a SHA-256 hash of the
-- secret, which is shown once when the token is made.
CREATE TABLE api_tokens (
  id             text PRIMARY KEY,
  tenant         text NOT NULL,
  name           text NOT NULL,
  role           text NOT NULL,
  secret_hash    text NOT NULL UNIQUE,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz,
  last_used_at   timestamptz,
  last_used_from text
);
CREATE INDEX api_tokens_tenant ON api_tokens (tenant, created_at DESC);

-- Operators page through every tenant's audit rows newest first.
CREATE INDEX audit_log_id ON audit_log (id DESC);
