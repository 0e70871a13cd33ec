-- Sync engine (issue 5): operations are written when they start (phase Running) and finished later,
-- so an operation cut short by a restart is found and closed with a reason; options say how it ran.
ALTER TABLE sync_operations ADD COLUMN options jsonb NOT NULL DEFAULT '{}'::jsonb;
CREATE INDEX sync_operations_running ON sync_operations (id) WHERE phase = 'Running';
CREATE INDEX sync_operations_finished_at ON sync_operations (finished_at);

-- Automated sync paused for an app (after a rollback): until Git's head moves past head_revision
-- or a user resumes it.
CREATE TABLE app_sync_pauses (
  tenant            text NOT NULL,
  app               text NOT NULL,
  reason            text NOT NULL,
  rollback_revision text,
  head_revision     text,
  paused_by         text NOT NULL,
  paused_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, app),
  FOREIGN KEY (tenant, app) REFERENCES applications (tenant, name) ON DELETE CASCADE
);
