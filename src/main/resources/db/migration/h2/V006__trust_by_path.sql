-- Trust by path (security issue, item 5): the window trusts a file as it is at its absolute path,
-- together with the files its commands run relative to their folder, each with its sha256, so a
-- later check can say what changed. Trust by content hash alone let a byte-identical copy of a
-- trusted file run next to other scripts; those entries prove nothing about the scripts, so they
-- are not carried over: each file asks once more.

DROP TABLE IF EXISTS trusted_file;

CREATE TABLE IF NOT EXISTS trusted_pipeline (
    source_path  VARCHAR(4000) PRIMARY KEY,
    content_hash CHAR(64)      NOT NULL,
    trusted_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS trusted_pipeline_by_content ON trusted_pipeline (content_hash, trusted_at);

CREATE TABLE IF NOT EXISTS trusted_script (
    source_path VARCHAR(4000) NOT NULL REFERENCES trusted_pipeline (source_path) ON DELETE CASCADE,
    seq         INT           NOT NULL,
    script_path VARCHAR(4000) NOT NULL,
    sha256      VARCHAR(64)   NOT NULL,
    PRIMARY KEY (source_path, seq)
);
