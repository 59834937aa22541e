-- what --from / --only chose for a run: the phases whose outputs were taken from an earlier run
-- (phase -> run id) and the phases left out (phase -> why); part of the run's plan, read by retry
-- and resume. The seeded outputs themselves are rows of job_output like any other.
ALTER TABLE run ADD COLUMN IF NOT EXISTS taken_from CLOB;
ALTER TABLE run ADD COLUMN IF NOT EXISTS left_out CLOB;
