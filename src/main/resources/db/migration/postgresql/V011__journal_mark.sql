-- Kept in step with H2's version 11. A store on PostgreSQL writes each commit to its tables
-- directly and keeps no journal, so the mark stays at 0 there.
CREATE TABLE IF NOT EXISTS journal_mark (
    id          INT    NOT NULL PRIMARY KEY,
    applied_seq BIGINT NOT NULL
);
INSERT INTO journal_mark (id, applied_seq) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM journal_mark);
