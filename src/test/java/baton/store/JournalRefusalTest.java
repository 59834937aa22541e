package baton.store;

import baton.model.Artifact;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunOwner;
import baton.model.RunPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A commit the journal took but the tables refuse (here: an artifact path longer than its column,
 * which the checks at commit time do not look at) is left out, logged, and does not stop the
 * store: other runs go on, and the refused run's next commit is checked against what the tables
 * hold, not against what the refused commit would have made of it.
 */
class JournalRefusalTest {
    @TempDir Path dir;
    private final Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private RunId newRun(RunStore store, String... jobs) {
        long ref = store.savePipeline("p", "/x/p.yaml", "/x", "YAML", "h".repeat(64), "pipeline: p");
        List<NewJob> js = new java.util.ArrayList<>();
        for (int i = 0; i < jobs.length; i++) js.add(new NewJob(jobs[i], jobs[i], i, null, null, jobs[i]));
        return store.createRun(new NewRun(ref, "p", new RunPlan(Map.of(), Map.of(), Set.of(), null, 2), t, "me", new RunOwner(1, "host", t, t)), js);
    }

    private Change.JobMoved move(RunId run, String job, JobStatus from, JobStatus to) {
        return new Change.JobMoved(run, job, from, to, 0, t, null, null, null);
    }

    @Test
    void aCommitTheTablesRefuseIsLeftOutAndTheStoreGoesOn() {
        try (RunStore store = DataDirStore.open(dir.resolve("data")).store()) {
            RunId bad = newRun(store, "a");
            RunId good = newRun(store, "b");
            store.commit(List.of(move(bad, "a", JobStatus.PENDING, JobStatus.SKIPPED),
                    new Change.ArtifactsRecorded(bad, "a", List.of(new Artifact("x".repeat(5000), 1, null, 0)))));
            store.commit(List.of(move(good, "b", JobStatus.PENDING, JobStatus.QUEUED)));
            // a read writes both to the tables: the first is refused as a whole, the second goes in
            assertThat(store.jobs(bad)).extracting(JobRecord::status).containsExactly(JobStatus.PENDING);
            assertThat(store.jobs(good)).extracting(JobRecord::status).containsExactly(JobStatus.QUEUED);
            // the refused run is checked against the tables now: 'a' is pending there, not skipped
            assertThatThrownBy(() -> store.commit(List.of(move(bad, "a", JobStatus.SKIPPED, JobStatus.PENDING))))
                    .isInstanceOf(StaleStateException.class);
            store.commit(List.of(move(bad, "a", JobStatus.PENDING, JobStatus.QUEUED)));
            assertThat(store.jobs(bad)).extracting(JobRecord::status).containsExactly(JobStatus.QUEUED);
        }
    }
}
