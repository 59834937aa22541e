package baton.store;

import baton.model.Artifact;
import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal's file and its records: what is written is read back whole, and a record cut short or damaged ends it. */
class JournalTest {
    @TempDir Path dir;
    private static final RunId RUN = new RunId("r-20261124-0001");
    private static final Instant AT = Instant.parse("2026-11-24T06:30:01.123456789Z");

    /** Every kind of change, with its optional parts present and absent. */
    static List<Change> everyKindOfChange() {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("b", "2");
        outputs.put("a", "é \n ünïcode");
        return List.of(
                new Change.JobMoved(RUN, "a", JobStatus.PENDING, JobStatus.QUEUED, 0, AT, null, null, null),
                new Change.JobMoved(RUN, "a", JobStatus.RUNNING, JobStatus.FAILED, 2, AT, "exit 3", 3, "x".repeat(70_000)),
                new Change.AttemptStarted(RUN, "a", 1, AT, 0, "/runs/a/1.log"),
                new Change.AttemptSpawned(RUN, "a", 1, 4242L, AT),
                new Change.AttemptSpawned(RUN, "a", 1, null, "slurm:17", "node-3", null),
                new Change.AttemptEnded(RUN, "a", 1, JobStatus.SUCCEEDED, AT, 0, null, 1234),
                new Change.AttemptEnded(RUN, "a", 2, JobStatus.FAILED, AT, null, "killed", 0),
                new Change.RunMoved(RUN, RunStatus.RUNNING, RunStatus.FAILED, AT, null),
                new Change.OutputsRecorded(RUN, "a", outputs),
                new Change.MetricsRecorded(RUN, "a", 1, Map.of("tokens", 12.5)),
                new Change.ArtifactsRecorded(RUN, "a", List.of(new Artifact("out/x", 10, "ab".repeat(32), 1), Artifact.link("out/l", "../x", 1))),
                new Change.WarningsRecorded(RUN, "a", 1, List.of("line 3: no '='")),
                new Change.PhasesSpawned(RUN, "a", "spawn.yaml"),
                new Change.JobsAdded(RUN, List.of(new NewJob("fix[0]", "fix", 7, "{\"k\":1}", 0, "fix"), new NewJob("t", "t", 8, null, null, "t")), AT),
                new Change.RequestHandled(RUN, 9, AT, "approved by me"));
    }

    @Test
    void everyKindOfChangeComesBackAsItWasWritten() throws IOException {
        List<Change> changes = everyKindOfChange();
        ChangeCodec.Commit back = ChangeCodec.decode(ChangeCodec.encode(41, changes));
        assertThat(back.seq()).isEqualTo(41);
        assertThat(back.changes()).isEqualTo(changes);
        assertThat(((Change.OutputsRecorded) back.changes().get(8)).outputs().keySet()).as("outputs keep their order").containsExactly("b", "a");
    }

    @Test
    void bytesThatAreNotACommitAreRefusedNotMisread() {
        byte[] good = ChangeCodec.encode(1, everyKindOfChange());
        assertThatThrownBy(() -> ChangeCodec.decode(java.util.Arrays.copyOf(good, good.length - 5))).isInstanceOf(IOException.class);
        byte[] unknown = good.clone();
        unknown[12] = 99; // the first change's type
        assertThatThrownBy(() -> ChangeCodec.decode(unknown)).isInstanceOf(IOException.class).hasMessageContaining("unknown change type 99");
    }

    @Test
    void recordsAreReadBackInOrderAfterTheFileIsOpenedAgain() throws IOException {
        try (Journal j = Journal.open(dir)) {
            j.append(new byte[] {1, 2, 3});
            j.append(new byte[0]);
            j.append(new byte[] {4});
        }
        try (Journal j = Journal.open(dir)) {
            assertThat(j.readAll()).containsExactly(new byte[] {1, 2, 3}, new byte[0], new byte[] {4});
            j.append(new byte[] {5});
            assertThat(j.readAll()).hasSize(4);
        }
    }

    @Test
    void aRecordCutShortByACrashEndsTheJournalAndIsDropped() throws IOException {
        try (Journal j = Journal.open(dir)) {
            j.append(new byte[] {1, 2, 3});
            j.append(new byte[] {4, 5, 6, 7});
        }
        Path file = dir.resolve(Journal.FILE);
        long whole = Files.size(file);
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(whole - 2);
        }
        try (Journal j = Journal.open(dir)) {
            assertThat(j.readAll()).containsExactly(new byte[] {1, 2, 3});
            assertThat(Files.size(file)).as("the torn record is cut off").isEqualTo(8 + 3);
            j.append(new byte[] {9});
            assertThat(j.readAll()).containsExactly(new byte[] {1, 2, 3}, new byte[] {9});
        }
    }

    @Test
    void zerosWhereTheFileGrewAreNotARecord() throws IOException {
        try (Journal j = Journal.open(dir)) {
            j.append(new byte[] {1, 2, 3});
        }
        // a power cut can leave a file longer than what was written to it, the rest zeros
        Files.write(dir.resolve(Journal.FILE), new byte[32], StandardOpenOption.APPEND);
        try (Journal j = Journal.open(dir)) {
            assertThat(j.readAll()).containsExactly(new byte[] {1, 2, 3});
        }
    }

    @Test
    void aDamagedRecordEndsWhatIsReadBack() throws IOException {
        try (Journal j = Journal.open(dir)) {
            j.append(new byte[] {1, 2, 3});
            j.append(new byte[] {4, 5, 6});
            j.append(new byte[] {7});
        }
        Path file = dir.resolve(Journal.FILE);
        byte[] bytes = Files.readAllBytes(file);
        bytes[8 + 3 + 8 + 1] ^= 0x40; // a bit of the second record's body
        Files.write(file, bytes);
        try (Journal j = Journal.open(dir)) {
            assertThat(j.readAll()).containsExactly(new byte[] {1, 2, 3});
        }
        assertThat(Files.size(dir.resolve(Journal.FILE + ".dropped"))).as("what was left out is kept aside").isEqualTo(bytes.length - 11);
    }

    @Test
    void aReplacedJournalHoldsOnlyTheNewRecordsAndTakesMore() throws IOException {
        try (Journal j = Journal.open(dir)) {
            j.append(new byte[] {1});
            j.append(new byte[] {2});
            j.replaceWith(List.of(new byte[] {2}));
            j.append(new byte[] {3});
            assertThat(j.readAll()).containsExactly(new byte[] {2}, new byte[] {3});
        }
        assertThat(Files.exists(dir.resolve(Journal.FILE + ".next"))).isFalse();
        assertThat(Files.getPosixFilePermissions(dir.resolve(Journal.FILE))).as("owner-only")
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
}
