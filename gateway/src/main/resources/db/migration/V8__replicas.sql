-- Several replicas (replicas.enabled). Which replica owns each app, and since which epoch: a
-- replica claims an app by bumping its epoch, and every write it makes for the app (status,
-- sync operations, and the check before each apply wave) names the epoch it holds, so a replica
-- that paused and lost the app cannot write for it afterwards. One process never writes here.
CREATE TABLE app_owners (
  tenant  text NOT NULL,
  app     text NOT NULL,
  owner   text NOT NULL,
  epoch   bigint NOT NULL,
  since   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, app),
  FOREIGN KEY (tenant, app) REFERENCES applications (tenant, name) ON DELETE CASCADE
);

-- The live feeds' numbering: each feed takes an era when it starts and numbers its events
-- era * 2^32 + n, so a client that reconnects to another replica (or after a restart) never sees
-- a number go back, and a number one feed gave is never mistaken for another's.
CREATE SEQUENCE feed_eras;
