-- The executor seam: an attempt stores its executor's handle ("local:4242", "http:1f2e3d4c",
-- "slurm:17"), by which recovery finds it after a crash, and the node a cluster ran it on. A run
-- stores the executor its command line chose (--executor), so a resume goes on where it ran.
-- pid stays: a local attempt's handle names it, and older rows have only it.
ALTER TABLE attempt ADD COLUMN IF NOT EXISTS handle VARCHAR(200);
ALTER TABLE attempt ADD COLUMN IF NOT EXISTS node VARCHAR(200);
ALTER TABLE run ADD COLUMN IF NOT EXISTS executor VARCHAR(40);
