-- Baton's store. Times are TIMESTAMP(6) WITH TIME ZONE; JSON columns hold small maps.

CREATE TABLE IF NOT EXISTS pipeline_def (
    ref          BIGINT AUTO_INCREMENT PRIMARY KEY,
    pipeline_id  VARCHAR(200)  NOT NULL,
    source_path  VARCHAR(4000) NOT NULL,
    base_dir     VARCHAR(4000) NOT NULL,
    format       VARCHAR(20)   NOT NULL,
    content_hash CHAR(64)      NOT NULL,
    source_text  CLOB          NOT NULL,
    loaded_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pipeline_def_once UNIQUE (content_hash, source_path, base_dir)
);

CREATE TABLE IF NOT EXISTS run_counter (
    run_day CHAR(8) PRIMARY KEY,
    last_number INT NOT NULL
);

CREATE TABLE IF NOT EXISTS run (
    id               VARCHAR(40)   PRIMARY KEY,
    pipeline_ref     BIGINT        NOT NULL REFERENCES pipeline_def (ref),
    pipeline_id      VARCHAR(200)  NOT NULL,
    status           VARCHAR(20)   NOT NULL,
    params           CLOB          NOT NULL,
    switches         CLOB          NOT NULL,
    input_path       VARCHAR(4000),
    concurrency      INT           NOT NULL,
    started_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    ended_at         TIMESTAMP(6) WITH TIME ZONE,
    started_by       VARCHAR(200),
    owner_pid        BIGINT,
    owner_host       VARCHAR(255),
    owner_started_at TIMESTAMP(6) WITH TIME ZONE,
    heartbeat_at     TIMESTAMP(6) WITH TIME ZONE,
    version          INT           NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS run_by_status ON run (status);
CREATE INDEX IF NOT EXISTS run_by_pipeline ON run (pipeline_id, started_at);

CREATE TABLE IF NOT EXISTS job (
    run_id     VARCHAR(40)   NOT NULL REFERENCES run (id),
    job_id     VARCHAR(1000) NOT NULL,
    seq        INT           NOT NULL,
    phase_id   VARCHAR(1000) NOT NULL,
    item       CLOB,
    item_index INT,
    lane       VARCHAR(1000) NOT NULL,
    status     VARCHAR(20)   NOT NULL,
    attempts   INT           NOT NULL DEFAULT 0,
    exit_code  INT,
    started_at TIMESTAMP(6) WITH TIME ZONE,
    ended_at   TIMESTAMP(6) WITH TIME ZONE,
    error      VARCHAR(4000),
    version    INT           NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, job_id)
);

CREATE TABLE IF NOT EXISTS attempt (
    run_id     VARCHAR(40)   NOT NULL,
    job_id     VARCHAR(1000) NOT NULL,
    attempt    INT           NOT NULL,
    status     VARCHAR(20)   NOT NULL,
    started_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    ended_at   TIMESTAMP(6) WITH TIME ZONE,
    exit_code  INT,
    error      VARCHAR(4000),
    pid        BIGINT,
    log_path   VARCHAR(4000) NOT NULL,
    log_size   BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, job_id, attempt),
    FOREIGN KEY (run_id, job_id) REFERENCES job (run_id, job_id)
);

-- Append-only: every move of a run or a job, with its time. job_id is NULL for the run itself.
CREATE TABLE IF NOT EXISTS state_change (
    seq         BIGINT AUTO_INCREMENT PRIMARY KEY,
    run_id      VARCHAR(40)   NOT NULL REFERENCES run (id),
    job_id      VARCHAR(1000),
    attempt     INT           NOT NULL DEFAULT 0,
    from_status VARCHAR(20),
    to_status   VARCHAR(20)   NOT NULL,
    changed_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    reason      VARCHAR(4000)
);
CREATE INDEX IF NOT EXISTS state_change_by_run ON state_change (run_id, seq);

CREATE TABLE IF NOT EXISTS job_output (
    run_id  VARCHAR(40)   NOT NULL,
    job_id  VARCHAR(1000) NOT NULL,
    output_name  VARCHAR(1000) NOT NULL,
    output_value CLOB          NOT NULL,
    PRIMARY KEY (run_id, job_id, output_name),
    FOREIGN KEY (run_id, job_id) REFERENCES job (run_id, job_id)
);

-- Files the person agreed to run (the window asks before a file's first run).
CREATE TABLE IF NOT EXISTS trusted_file (
    content_hash CHAR(64) PRIMARY KEY,
    trusted_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
