-- H2 plans a prepared statement once, when it is prepared: Baton prepares its writes when the
-- database opens, often on empty tables. With the default guess for run_id (half the rows share
-- a value), H2 then served "UPDATE job ... WHERE run_id = ? AND job_id = ?" by the foreign key's
-- index on run_id alone, and every job move read every job of its run: 21 ms a job at 10,000
-- jobs. The truth is that one run_id covers many rows; said here, H2 picks the primary key.
-- (Idempotent: a kill half-way is harmless when the file is applied again.)
ALTER TABLE job ALTER COLUMN run_id SELECTIVITY 1;
ALTER TABLE attempt ALTER COLUMN run_id SELECTIVITY 1;
ALTER TABLE job_output ALTER COLUMN run_id SELECTIVITY 1;
ALTER TABLE job_artifact ALTER COLUMN run_id SELECTIVITY 1;
ALTER TABLE job_metric ALTER COLUMN run_id SELECTIVITY 1;
ALTER TABLE attempt_metric ALTER COLUMN run_id SELECTIVITY 1;
ALTER TABLE job_warning ALTER COLUMN run_id SELECTIVITY 1;
ALTER TABLE state_change ALTER COLUMN run_id SELECTIVITY 1;
