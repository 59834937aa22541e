-- Data between phases: metrics, artifacts and warnings about what a job wrote.

CREATE TABLE IF NOT EXISTS job_metric (
    run_id      VARCHAR(40)   NOT NULL,
    job_id      VARCHAR(1000) NOT NULL,
    metric_name VARCHAR(1000) NOT NULL,
    metric_value DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, job_id, metric_name),
    FOREIGN KEY (run_id, job_id) REFERENCES job (run_id, job_id)
);

CREATE TABLE IF NOT EXISTS job_artifact (
    run_id   VARCHAR(40)   NOT NULL,
    job_id   VARCHAR(1000) NOT NULL,
    attempt  INT           NOT NULL,
    path     VARCHAR(4000) NOT NULL,
    size     BIGINT        NOT NULL,
    sha256   CHAR(64)      NOT NULL,
    PRIMARY KEY (run_id, job_id, attempt, path),
    FOREIGN KEY (run_id, job_id) REFERENCES job (run_id, job_id)
);

CREATE TABLE IF NOT EXISTS job_warning (
    seq      BIGINT AUTO_INCREMENT PRIMARY KEY,
    run_id   VARCHAR(40)   NOT NULL,
    job_id   VARCHAR(1000) NOT NULL,
    attempt  INT           NOT NULL,
    message  VARCHAR(4000) NOT NULL,
    FOREIGN KEY (run_id, job_id) REFERENCES job (run_id, job_id)
);
CREATE INDEX IF NOT EXISTS job_warning_by_run ON job_warning (run_id, job_id);

-- Phases a job added to its run at runtime (BATON_SPAWN), in the order they were added, so a
-- retry or resume rebuilds the same graph.
CREATE TABLE IF NOT EXISTS spawned_phase (
    seq          BIGINT AUTO_INCREMENT PRIMARY KEY,
    run_id       VARCHAR(40)   NOT NULL REFERENCES run (id),
    spawner_job  VARCHAR(1000) NOT NULL,
    spawn_file   CLOB          NOT NULL
);
CREATE INDEX IF NOT EXISTS spawned_phase_by_run ON spawned_phase (run_id, seq);
