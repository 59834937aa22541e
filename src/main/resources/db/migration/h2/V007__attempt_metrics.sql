-- Metrics per attempt (BATON_METRICS): a failed attempt's tokens were spent too, so each attempt
-- keeps its own, read while it runs and again at its end; a job's total sums its attempts and a
-- run's total every attempt of every job.
CREATE TABLE IF NOT EXISTS attempt_metric (
    run_id       VARCHAR(40)   NOT NULL,
    job_id       VARCHAR(1000) NOT NULL,
    attempt      INT           NOT NULL,
    metric_name  VARCHAR(1000) NOT NULL,
    metric_value DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, job_id, attempt, metric_name),
    FOREIGN KEY (run_id, job_id) REFERENCES job (run_id, job_id)
);
-- Rows of job_metric did not say which attempt wrote them: they become the job's latest
-- attempt's. job_metric itself is kept (no longer written) so that this file can be applied again
-- in full after a kill half-way through it: the copy is a MERGE, so twice is the same as once.
MERGE INTO attempt_metric (run_id, job_id, attempt, metric_name, metric_value) KEY (run_id, job_id, attempt, metric_name)
    SELECT m.run_id, m.job_id, GREATEST(j.attempts, 1), m.metric_name, m.metric_value
    FROM job_metric m JOIN job j ON j.run_id = m.run_id AND j.job_id = m.job_id;
