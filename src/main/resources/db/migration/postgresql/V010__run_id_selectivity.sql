-- Version 10 of H2's schema tells H2's planner that a run_id covers many rows (H2 plans a
-- prepared statement once, often on empty tables). PostgreSQL plans with its own statistics
-- and makes no index for a foreign key, so it needs nothing: this file keeps the versions of
-- the two dialects in step.
SELECT 1;
