-- Requests to a live run from any Baton process (cancel, approve, reject, skip): the process that
-- owns the run takes them in and marks them handled in the same commit as their effect.
CREATE TABLE IF NOT EXISTS run_request (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    run_id       VARCHAR(40)   NOT NULL,
    job_id       VARCHAR(1000),
    kind         VARCHAR(20)   NOT NULL,
    requested_by VARCHAR(200),
    requested_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    handled_at   TIMESTAMP(6) WITH TIME ZONE,
    outcome      VARCHAR(1000),
    FOREIGN KEY (run_id) REFERENCES run (id)
);

CREATE INDEX IF NOT EXISTS run_request_open ON run_request (run_id, handled_at);

ALTER TABLE run ADD COLUMN IF NOT EXISTS auto_approve BOOLEAN DEFAULT FALSE;
