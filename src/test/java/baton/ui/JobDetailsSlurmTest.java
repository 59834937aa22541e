package baton.ui;

import baton.model.AttemptRecord;
import baton.model.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The job panel says where a Slurm attempt ran (its job id and node), or that it waits in the cluster's queue. */
class JobDetailsSlurmTest {
    private static AttemptRecord attempt(String handle, String node, Instant ended) {
        return new AttemptRecord("a", 1, JobStatus.RUNNING, Instant.EPOCH, ended, null, null, null, "/log", 0, Map.of(), handle, node);
    }

    @Test
    void aSlurmAttemptNamesItsJobAndNodeOrItsWaitInTheQueue() {
        assertThat(JobDetailsPane.whereItRan(attempt("slurm:17", "n1", null))).isEqualTo("   Slurm job 17 on n1");
        assertThat(JobDetailsPane.whereItRan(attempt("slurm:17", null, null))).isEqualTo("   Slurm job 17, waiting in the cluster's queue");
        assertThat(JobDetailsPane.whereItRan(attempt("local:4242", null, null))).isEmpty();
        assertThat(JobDetailsPane.whereItRan(null)).isEmpty();
    }
}
