-- A symbolic link matched by an artifact glob is recorded as a link: where it points, no size
-- or hash of its target (see model.Artifact).
ALTER TABLE job_artifact ADD COLUMN IF NOT EXISTS link_target VARCHAR(4000);
ALTER TABLE job_artifact ALTER COLUMN sha256 SET NULL;
