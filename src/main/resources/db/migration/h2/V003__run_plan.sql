-- the phases a run skipped as done in an earlier run (roadmap --resume): part of the run's plan,
-- which retry and resume read instead of the options of the command that asks for them
ALTER TABLE run ADD COLUMN IF NOT EXISTS already_done CLOB;
