package baton.store;

import baton.model.Artifact;
import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunStatus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal's bytes for one commit: its sequence number and its changes, field by field in a
 * fixed order. Hand-written rather than Jackson or Java serialisation: a step's encoding is on the
 * path between a job ending and the next starting, and a journal must decode only what Baton
 * wrote. A tag per change type; adding a type or a field means a new tag, never a changed one.
 */
final class ChangeCodec {
    private static final byte JOB_MOVED = 1, ATTEMPT_STARTED = 2, ATTEMPT_SPAWNED = 3, ATTEMPT_ENDED = 4, RUN_MOVED = 5, OUTPUTS = 6,
            METRICS = 7, ARTIFACTS = 8, WARNINGS = 9, PHASES_SPAWNED = 10, JOBS_ADDED = 11, REQUEST_HANDLED = 12;

    private ChangeCodec() {}

    /** One commit as it was journaled. */
    record Commit(long seq, List<Change> changes) {}

    static byte[] encode(long seq, List<Change> changes) {
        var bytes = new ByteArrayOutputStream(64 + 96 * changes.size());
        try (var out = new DataOutputStream(bytes)) {
            out.writeLong(seq);
            out.writeInt(changes.size());
            for (Change c : changes) write(out, c);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** Throws {@link IOException} for bytes that are not a commit this codec wrote. */
    static Commit decode(byte[] bytes) throws IOException {
        var in = new DataInputStream(new ByteArrayInputStream(bytes));
        long seq = in.readLong();
        int n = count(in);
        List<Change> changes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) changes.add(read(in));
        if (in.available() != 0) throw new IOException("trailing bytes after commit " + seq);
        return new Commit(seq, changes);
    }

    private static void write(DataOutputStream out, Change change) throws IOException {
        switch (change) {
            case Change.JobMoved m -> {
                out.writeByte(JOB_MOVED);
                head(out, m.run(), m.jobId());
                out.writeUTF(m.from().name());
                out.writeUTF(m.to().name());
                out.writeInt(m.attempt());
                instant(out, m.at());
                string(out, m.reason());
                integer(out, m.exitCode());
                string(out, m.error());
            }
            case Change.AttemptStarted a -> {
                out.writeByte(ATTEMPT_STARTED);
                head(out, a.run(), a.jobId());
                out.writeInt(a.attempt());
                instant(out, a.at());
                out.writeLong(a.pid());
                string(out, a.logPath());
            }
            case Change.AttemptSpawned a -> {
                out.writeByte(ATTEMPT_SPAWNED);
                head(out, a.run(), a.jobId());
                out.writeInt(a.attempt());
                out.writeBoolean(a.pid() != null);
                if (a.pid() != null) out.writeLong(a.pid());
                string(out, a.handle());
                string(out, a.node());
                instant(out, a.at());
            }
            case Change.AttemptEnded a -> {
                out.writeByte(ATTEMPT_ENDED);
                head(out, a.run(), a.jobId());
                out.writeInt(a.attempt());
                out.writeUTF(a.status().name());
                instant(out, a.at());
                integer(out, a.exitCode());
                string(out, a.error());
                out.writeLong(a.logSize());
            }
            case Change.RunMoved r -> {
                out.writeByte(RUN_MOVED);
                string(out, r.run().value());
                out.writeUTF(r.from().name());
                out.writeUTF(r.to().name());
                instant(out, r.at());
                string(out, r.reason());
            }
            case Change.OutputsRecorded o -> {
                out.writeByte(OUTPUTS);
                head(out, o.run(), o.jobId());
                out.writeInt(o.outputs().size());
                for (var e : o.outputs().entrySet()) {
                    string(out, e.getKey());
                    string(out, e.getValue());
                }
            }
            case Change.MetricsRecorded m -> {
                out.writeByte(METRICS);
                head(out, m.run(), m.jobId());
                out.writeInt(m.attempt());
                out.writeInt(m.metrics().size());
                for (var e : m.metrics().entrySet()) {
                    string(out, e.getKey());
                    out.writeDouble(e.getValue());
                }
            }
            case Change.ArtifactsRecorded a -> {
                out.writeByte(ARTIFACTS);
                head(out, a.run(), a.jobId());
                out.writeInt(a.artifacts().size());
                for (Artifact x : a.artifacts()) {
                    string(out, x.path());
                    out.writeLong(x.size());
                    string(out, x.sha256());
                    out.writeInt(x.attempt());
                    string(out, x.linkTarget());
                }
            }
            case Change.WarningsRecorded w -> {
                out.writeByte(WARNINGS);
                head(out, w.run(), w.jobId());
                out.writeInt(w.attempt());
                out.writeInt(w.warnings().size());
                for (String s : w.warnings()) string(out, s);
            }
            case Change.PhasesSpawned s -> {
                out.writeByte(PHASES_SPAWNED);
                head(out, s.run(), s.spawnerJob());
                string(out, s.spawnFile());
            }
            case Change.JobsAdded j -> {
                out.writeByte(JOBS_ADDED);
                string(out, j.run().value());
                instant(out, j.at());
                out.writeInt(j.jobs().size());
                for (NewJob nj : j.jobs()) {
                    string(out, nj.id());
                    string(out, nj.phaseId());
                    out.writeInt(nj.seq());
                    string(out, nj.item());
                    integer(out, nj.index());
                    string(out, nj.lane());
                }
            }
            case Change.RequestHandled r -> {
                out.writeByte(REQUEST_HANDLED);
                string(out, r.run().value());
                out.writeLong(r.requestId());
                instant(out, r.at());
                string(out, r.outcome());
            }
        }
    }

    private static Change read(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case JOB_MOVED -> new Change.JobMoved(runId(in), string(in), job(in), job(in), in.readInt(), instant(in), string(in), integer(in),
                    string(in));
            case ATTEMPT_STARTED -> new Change.AttemptStarted(runId(in), string(in), in.readInt(), instant(in), in.readLong(), string(in));
            case ATTEMPT_SPAWNED -> {
                RunId run = runId(in);
                String job = string(in);
                int attempt = in.readInt();
                Long pid = in.readBoolean() ? in.readLong() : null;
                yield new Change.AttemptSpawned(run, job, attempt, pid, string(in), string(in), instant(in));
            }
            case ATTEMPT_ENDED -> new Change.AttemptEnded(runId(in), string(in), in.readInt(), job(in), instant(in), integer(in), string(in),
                    in.readLong());
            case RUN_MOVED -> new Change.RunMoved(runId(in), RunStatus.valueOf(in.readUTF()), RunStatus.valueOf(in.readUTF()), instant(in),
                    string(in));
            case OUTPUTS -> {
                RunId run = runId(in);
                String job = string(in);
                int n = count(in);
                Map<String, String> outputs = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) outputs.put(string(in), string(in));
                yield new Change.OutputsRecorded(run, job, outputs);
            }
            case METRICS -> {
                RunId run = runId(in);
                String job = string(in);
                int attempt = in.readInt();
                int n = count(in);
                Map<String, Double> metrics = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) metrics.put(string(in), in.readDouble());
                yield new Change.MetricsRecorded(run, job, attempt, metrics);
            }
            case ARTIFACTS -> {
                RunId run = runId(in);
                String job = string(in);
                int n = count(in);
                List<Artifact> artifacts = new ArrayList<>(n);
                for (int i = 0; i < n; i++) artifacts.add(new Artifact(string(in), in.readLong(), string(in), in.readInt(), string(in)));
                yield new Change.ArtifactsRecorded(run, job, artifacts);
            }
            case WARNINGS -> {
                RunId run = runId(in);
                String job = string(in);
                int attempt = in.readInt();
                int n = count(in);
                List<String> warnings = new ArrayList<>(n);
                for (int i = 0; i < n; i++) warnings.add(string(in));
                yield new Change.WarningsRecorded(run, job, attempt, warnings);
            }
            case PHASES_SPAWNED -> new Change.PhasesSpawned(runId(in), string(in), string(in));
            case JOBS_ADDED -> {
                RunId run = runId(in);
                Instant at = instant(in);
                int n = count(in);
                List<NewJob> jobs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) jobs.add(new NewJob(string(in), string(in), in.readInt(), string(in), integer(in), string(in)));
                yield new Change.JobsAdded(run, jobs, at);
            }
            case REQUEST_HANDLED -> new Change.RequestHandled(runId(in), in.readLong(), instant(in), string(in));
            default -> throw new IOException("unknown change type " + tag);
        };
    }

    private static void head(DataOutputStream out, RunId run, String job) throws IOException {
        string(out, run.value());
        string(out, job);
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) return null;
        if (n < 0 || n > in.available()) throw new IOException("a string of " + n + " bytes where " + in.available() + " are left");
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static RunId runId(DataInputStream in) throws IOException {
        String id = string(in);
        if (id == null) throw new IOException("a change without its run");
        return new RunId(id);
    }

    private static JobStatus job(DataInputStream in) throws IOException {
        try {
            return JobStatus.valueOf(in.readUTF());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) throw new IOException("a count of " + n + " where " + in.available() + " bytes are left");
        return n;
    }

    private static void integer(DataOutputStream out, Integer i) throws IOException {
        out.writeBoolean(i != null);
        if (i != null) out.writeInt(i);
    }

    private static Integer integer(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }

    private static void instant(DataOutputStream out, Instant at) throws IOException {
        out.writeBoolean(at != null);
        if (at != null) {
            out.writeLong(at.getEpochSecond());
            out.writeInt(at.getNano());
        }
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }
}
