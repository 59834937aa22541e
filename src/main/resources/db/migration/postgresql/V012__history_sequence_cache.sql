-- Kept in step with H2's version 12 (a larger cache for the history's sequence). PostgreSQL's
-- sequences are written through its own log, not a store of their own: nothing to change.
SELECT 1;
