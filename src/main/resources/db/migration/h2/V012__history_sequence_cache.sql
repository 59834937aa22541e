-- A table's identity is an H2 sequence, which hands out numbers from a cache of 32 and writes
-- its new state when the cache runs out, with a store of its own: every 32nd history row cost a
-- whole MVStore commit. On a 10,000-job run (five history rows a job) that was 1,560 commits and
-- the largest part of writing the journal to the tables (docs/benchmarks.md, session 6). With a
-- cache of 10,000 it is one every 2,000 jobs. A crash leaves a gap in the numbers, never a reuse;
-- readers rely only on their order. (Idempotent: setting it again is harmless.)
ALTER TABLE state_change ALTER COLUMN seq SET CACHE 10000;
ALTER TABLE job_warning ALTER COLUMN seq SET CACHE 1000;
