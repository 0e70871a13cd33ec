-- Credentials for Git repositories, per tenant, for one URL or every URL under a prefix.
-- The secret (password/token or SSH private key) is AES-256-GCM encrypted by the gateway with the
-- key from configuration (credentials.key) before it gets here: nonce (12 bytes) || ciphertext+tag,
-- with "tenant\n url_prefix" as associated data, so a row cannot be copied to another tenant or URL.
CREATE TABLE repository_credentials (
  tenant      text NOT NULL,
  url_prefix  text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('https', 'ssh')),
  username    text NOT NULL DEFAULT '',
  secret      bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, url_prefix)
);

CREATE INDEX repository_credentials_prefix ON repository_credentials (url_prefix);
