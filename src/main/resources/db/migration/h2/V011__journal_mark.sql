-- The data directory's journal (baton.journal) holds commits written before they reach these
-- tables; the last one that did is marked here, in the same transaction as its rows, so that a
-- journal read back after a crash is applied from the next one on, never twice (decision 0016).
-- (Idempotent: a kill half-way is harmless when the file is applied again.)
CREATE TABLE IF NOT EXISTS journal_mark (
    id          INT    NOT NULL PRIMARY KEY,
    applied_seq BIGINT NOT NULL
);
INSERT INTO journal_mark (id, applied_seq) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM journal_mark);
