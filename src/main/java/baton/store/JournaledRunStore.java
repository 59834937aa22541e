package baton.store;

import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.JobTransitions;
import baton.model.RunId;
import baton.model.RunOwner;
import baton.model.RunRecord;
import baton.model.RunRequest;
import baton.model.RunStatus;
import baton.model.StateChange;
import baton.model.TrustFingerprint;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A data directory's store: an engine step is committed when it is appended to the journal (one
 * write call, as an H2 commit was), and reaches the H2 tables later, many steps in one
 * transaction. An H2 commit per step cost most of the service's time and one MVStore chunk each,
 * which is what made a long-lived service grow (docs/benchmarks.md; decision 0016).
 * <p>
 * What a reader sees is unchanged: every read of runs and jobs first writes what the journal
 * holds to the tables. What a commit is refused for is unchanged: the moves are checked when they
 * are committed, against the statuses this store keeps of the runs it writes (the one writer of
 * the data directory: its service, decision 0012), and checked again by the tables when they are
 * written. After a crash, what the journal holds beyond the mark in the database is written when
 * the directory is next opened.
 * <p>
 * Within one process every open of one data directory shares one of these ({@link DataDirStore}),
 * as H2 shares one database between the connections of a process.
 */
final class JournaledRunStore implements RunStore {
    private static final System.Logger LOG = System.getLogger("baton.store");
    /**
     * When the tables are written: {@code delayMs} after a commit, unless a read asks first or
     * {@code batch} changes wait; a journal grown past {@code rewriteAt} bytes while the tables
     * never catch up with it is rewritten with only what they lack.
     */
    record Limits(long delayMs, int batch, long rewriteAt) {
        static final Limits DEFAULT = new Limits(Long.getLong("baton.journal.delayMs", 200), Integer.getInteger("baton.journal.batch", 4_000),
                Long.getLong("baton.journal.rewriteAt", 16L << 20));
    }

    private final Limits limits;

    private final JdbcRunStore db;
    private final Journal journal;
    private final java.util.function.Consumer<JournaledRunStore> release;
    /** Appends, the commits not yet in the tables, and the statuses of runs: held briefly. */
    private final Object mutex = new Object();
    /** Held while commits are written to the tables (and by what must come after them): commits go in in their order. */
    private final ReentrantLock applying = new ReentrantLock();
    private List<ChangeCodec.Commit> pending = new ArrayList<>();
    private int pendingChanges;
    private long nextSeq;
    private final Map<RunId, RunState> states = new HashMap<>();
    private final Thread applier;
    /** Why the tables could not be written the last time they were tried (a full disk), until they can again. */
    private volatile RuntimeException tablesFailing;
    private int users = 1;
    /** How often the journal was rewritten (under {@link #mutex}). */
    private int rewrites;
    private boolean closed;

    /** What this store knows of a run it writes, to check moves against. */
    private static final class RunState {
        RunStatus status;
        final Map<String, JobStatus> jobs;

        RunState(RunStatus status, Map<String, JobStatus> jobs) {
            this.status = status;
            this.jobs = jobs;
        }
    }

    private JournaledRunStore(JdbcRunStore db, Journal journal, long nextSeq, java.util.function.Consumer<JournaledRunStore> release, Limits limits) {
        this.db = db;
        this.limits = limits;
        this.journal = journal;
        this.nextSeq = nextSeq;
        this.release = release;
        this.applier = Thread.ofPlatform().name("baton-journal").daemon(true).unstarted(this::applyLoop);
    }

    /**
     * Opens the journal of {@code dataDir} on its database, writes what a crash left in it to the
     * tables, and starts writing commits to them in the background. {@code release} is what a
     * user's {@link #close} does.
     */
    static JournaledRunStore open(Path dataDir, JdbcRunStore db, java.util.function.Consumer<JournaledRunStore> release) {
        return open(dataDir, db, release, Limits.DEFAULT);
    }

    static JournaledRunStore open(Path dataDir, JdbcRunStore db, java.util.function.Consumer<JournaledRunStore> release, Limits limits) {
        Journal journal;
        try {
            journal = Journal.open(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot open the journal in " + dataDir + ": " + StoreException.oneLine(e), e);
        }
        try {
            long last = replay(journal, db);
            var store = new JournaledRunStore(db, journal, last + 1, release, limits);
            store.applier.start();
            return store;
        } catch (IOException | RuntimeException e) {
            closeQuietly(journal);
            throw e instanceof StoreException se ? se
                    : new StoreException("cannot read the journal " + journal.path() + ": " + StoreException.oneLine(e), e);
        }
    }

    /** Writes to the tables what the journal holds beyond their mark; returns the last sequence number used. */
    private static long replay(Journal journal, JdbcRunStore db) throws IOException {
        long mark = db.journalMark();
        List<ChangeCodec.Commit> missing = new ArrayList<>();
        long last = mark;
        for (byte[] record : journal.readAll()) {
            ChangeCodec.Commit commit;
            try {
                commit = ChangeCodec.decode(record);
            } catch (IOException | RuntimeException e) {
                // its checksum held, so Baton wrote it: a newer Baton's record this one cannot read
                throw new StoreException("the journal " + journal.path() + " holds a commit this Baton cannot read (" + e.getMessage()
                        + "): open the data directory with the Baton that wrote it");
            }
            last = Math.max(last, commit.seq());
            if (commit.seq() > mark) missing.add(commit);
        }
        if (!missing.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "writing " + missing.size() + " journaled commits to the database (the last process ended before it did)");
            writeEach(db, missing, new Progress(mark));
        }
        journal.clear();
        return last;
    }

    /** What a {@link #writeEach} got done: the last commit now in the tables (written or passed over), and the runs of refused ones. */
    private static final class Progress {
        long written;
        final Set<RunId> refusedRuns = new java.util.HashSet<>();

        Progress(long written) {
            this.written = written;
        }
    }

    /**
     * Writes commits to the tables, all in one transaction. When the tables refuse one (a bug: each
     * was checked when it was committed), the others are written one by one and the refused one is
     * logged and passed over, so that one bad commit does not hold back every later one. On a
     * throw (the tables could not be written: a full disk), {@code done} says how far it got.
     */
    private static void writeEach(JdbcRunStore db, List<ChangeCodec.Commit> commits, Progress done) {
        try {
            db.writeJournaled(commits, commits.getLast().seq());
            done.written = commits.getLast().seq();
            return;
        } catch (RuntimeException e) {
            if (!refused(e)) throw e;
        }
        for (ChangeCodec.Commit commit : commits) {
            try {
                db.writeJournaled(List.of(commit), commit.seq());
            } catch (RuntimeException e) {
                if (!refused(e)) throw e;
                LOG.log(System.Logger.Level.ERROR, "the database refused journaled commit " + commit.seq() + " (" + e.getMessage()
                        + "); it is left out: " + commit.changes(), e);
                db.writeJournaled(List.of(), commit.seq());
                for (Change c : commit.changes()) done.refusedRuns.add(c.run());
            }
            done.written = commit.seq();
        }
    }

    /**
     * The tables refused what was written, and would again (not: could not write it, as on a full
     * disk, which a later try may do): a state check, or SQL's data (22), integrity (23) or
     * statement (42) classes.
     */
    private static boolean refused(RuntimeException e) {
        if (e instanceof StaleStateException || e instanceof IllegalStateException) return true;
        if (!(e.getCause() instanceof SQLException sql) || sql.getSQLState() == null) return false;
        String c = sql.getSQLState();
        return c.startsWith("22") || c.startsWith("23") || c.startsWith("42");
    }

    /** How often the journal was rewritten so far (for the tests: the path a busy service takes). */
    int rewrites() {
        synchronized (mutex) {
            return rewrites;
        }
    }

    /** One more user of this store (another open of its data directory in this process). */
    void share() {
        synchronized (mutex) {
            users++;
        }
    }

    // --- commits ---

    @Override
    public void commit(List<Change> changes) {
        if (changes.isEmpty()) return;
        // while the tables cannot be written, nothing more is taken: the run pauses as it did when
        // each step was written to them, rather than a journal growing that nothing can empty
        if (tablesFailing != null) upToDate();
        while (true) {
            know(runsOf(changes));
            synchronized (mutex) {
                if (closed) throw new StoreException("cannot record the change: the store is closed");
                Map<RunId, After> after = check(changes);
                if (after == null) continue; // a run was set aside meanwhile: look it up again
                long seq = nextSeq;
                try {
                    journal.append(ChangeCodec.encode(seq, changes));
                } catch (IOException e) {
                    throw new StoreException("cannot record the change: " + StoreException.oneLine(e), e);
                }
                nextSeq++;
                pending.add(new ChangeCodec.Commit(seq, List.copyOf(changes)));
                boolean wasIdle = pendingChanges == 0;
                pendingChanges += changes.size();
                for (var e : after.entrySet()) {
                    // an ended run is set aside; a retry or resume looks it up again
                    if (e.getValue().status.isTerminal()) {
                        states.remove(e.getKey());
                    } else {
                        RunState kept = states.get(e.getKey());
                        kept.status = e.getValue().status;
                        kept.jobs.putAll(e.getValue().jobs);
                    }
                }
                if (wasIdle || pendingChanges >= limits.batch()) mutex.notifyAll();
                return;
            }
        }
    }

    private static Set<RunId> runsOf(List<Change> changes) {
        Set<RunId> runs = new LinkedHashSet<>();
        for (Change c : changes) runs.add(c.run());
        return runs;
    }

    /** Makes sure the statuses of {@code runs} are known, reading them from the tables (brought up to date first) when they are not. */
    private void know(Set<RunId> runs) {
        synchronized (mutex) {
            if (states.keySet().containsAll(runs)) return;
        }
        applying.lock();
        try {
            writePending();
            for (RunId run : runs) {
                synchronized (mutex) {
                    if (states.containsKey(run)) continue;
                }
                Optional<JdbcRunStore.RunStatuses> stored = db.statuses(run);
                if (stored.isEmpty()) throw new StaleStateException("run " + run + " is not in the database (another process deleted it?)");
                synchronized (mutex) {
                    states.putIfAbsent(run, new RunState(stored.get().run(), new HashMap<>(stored.get().jobs())));
                }
            }
        } finally {
            applying.unlock();
        }
    }

    /** What a batch leaves of one run: its status and the jobs it moves or adds. */
    private static final class After {
        RunStatus status;
        final Map<String, JobStatus> jobs = new HashMap<>();

        After(RunStatus status) {
            this.status = status;
        }
    }

    /**
     * What {@code changes} leave of the runs they touch, without changing what is kept; throws as
     * the tables would refuse them. Null when a run's statuses are not known (any more).
     */
    private Map<RunId, After> check(List<Change> changes) {
        Map<RunId, After> after = new HashMap<>();
        for (Change c : changes) {
            if (after.containsKey(c.run())) continue;
            RunState known = states.get(c.run());
            if (known == null) return null;
            after.put(c.run(), new After(known.status));
        }
        // jobs are added before anything moves, as the tables take them
        for (Change c : changes) {
            if (!(c instanceof Change.JobsAdded added)) continue;
            After run = after.get(c.run());
            for (NewJob j : added.jobs()) {
                if (jobStatus(c.run(), j.id(), run) != null) {
                    throw new StoreException("cannot record the change: job " + j.id() + " of run " + c.run() + " exists already");
                }
                run.jobs.put(j.id(), JobStatus.PENDING);
            }
        }
        for (Change c : changes) {
            switch (c) {
                case Change.JobMoved m -> {
                    JobTransitions.check(m.from(), m.to());
                    After run = after.get(m.run());
                    if (jobStatus(m.run(), m.jobId(), run) != m.from()) {
                        throw new StaleStateException("job " + m.jobId() + " of run " + m.run() + " is not " + m.from().wire()
                                + " any more (another process changed it?)");
                    }
                    run.jobs.put(m.jobId(), m.to());
                }
                case Change.RunMoved r -> {
                    After run = after.get(r.run());
                    if (run.status != r.from()) throw new StaleStateException("run " + r.run() + " is not " + r.from().wire() + " any more");
                    run.status = r.to();
                }
                default -> {}
            }
        }
        return after;
    }

    private JobStatus jobStatus(RunId run, String job, After batch) {
        JobStatus moved = batch.jobs.get(job);
        return moved != null ? moved : states.get(run).jobs.get(job);
    }

    // --- writing the tables ---

    /** Writes everything committed so far to the tables; held by whoever must see (or come after) every commit. */
    private void writePending() {
        List<ChangeCodec.Commit> batch;
        synchronized (mutex) {
            if (pending.isEmpty()) return;
            batch = pending;
            pending = new ArrayList<>();
            pendingChanges = 0;
        }
        Progress done = new Progress(batch.getFirst().seq() - 1);
        try {
            writeEach(db, batch, done);
            tablesFailing = null;
        } catch (RuntimeException | Error e) {
            // what did not reach the tables goes back in front of what came since (an Error too:
            // a batch dropped here would be passed by the mark of the next one, and lost)
            tablesFailing = e instanceof RuntimeException r ? r : new StoreException("cannot record the change: " + e, e);
            synchronized (mutex) {
                List<ChangeCodec.Commit> left = new ArrayList<>();
                for (ChangeCodec.Commit c : batch) if (c.seq() > done.written) left.add(c);
                left.addAll(pending);
                pending = left;
                pendingChanges = pending.stream().mapToInt(c -> c.changes().size()).sum();
                forget(done.refusedRuns);
            }
            throw e;
        }
        synchronized (mutex) {
            // the statuses kept of a run whose commit the tables refused went on from it: they are
            // read again from the tables, so that its next commit is checked against what is there
            forget(done.refusedRuns);
            try {
                if (pending.isEmpty()) journal.clear();
                else if (journal.size() > limits.rewriteAt()) rewriteJournal();
            } catch (IOException e) {
                // the records stay: the mark in the database says which of them are in the tables
                LOG.log(System.Logger.Level.WARNING, "cannot shorten the journal " + journal.path() + ": " + e.getMessage());
            }
        }
    }

    /** Sets aside what is kept of these runs (under {@link #mutex}). */
    private void forget(Set<RunId> runs) {
        if (!runs.isEmpty()) states.keySet().removeAll(runs);
    }

    /** Rewrites the journal with only the commits not yet in the tables (under {@link #mutex}). */
    private void rewriteJournal() throws IOException {
        rewrites++;
        List<byte[]> records = new ArrayList<>(pending.size());
        for (ChangeCodec.Commit c : pending) records.add(ChangeCodec.encode(c.seq(), c.changes()));
        journal.replaceWith(records);
    }

    /** Runs {@code read} (or a write that must follow every commit) once the tables hold every commit, with no batch going in meanwhile. */
    private <T> T afterCommits(java.util.function.Supplier<T> read) {
        applying.lock();
        try {
            writePending();
            return read.get();
        } finally {
            applying.unlock();
        }
    }

    /** Brings the tables up to date (the applier's turn, or a commit after the tables failed). */
    private void upToDate() {
        applying.lock();
        try {
            writePending();
        } finally {
            applying.unlock();
        }
    }

    private void applyLoop() {
        while (true) {
            try {
                synchronized (mutex) {
                    while (!closed && pending.isEmpty()) mutex.wait();
                    if (closed) return;
                    long until = System.nanoTime() + limits.delayMs() * 1_000_000;
                    long left;
                    while (!closed && pendingChanges < limits.batch() && (left = until - System.nanoTime()) > 0) {
                        mutex.wait(Math.max(1, left / 1_000_000));
                    }
                    if (closed) return;
                }
                upToDate();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                // a full disk: the journal keeps the commits; readers are told; try again in a while
                LOG.log(System.Logger.Level.WARNING, "cannot write journaled commits to the database: " + e.getMessage());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    // --- everything else: after what is journaled ---

    @Override
    public long savePipeline(String pipelineId, String sourcePath, String baseDir, String format, String contentHash, String sourceText) {
        return db.savePipeline(pipelineId, sourcePath, baseDir, format, contentHash, sourceText);
    }

    @Override
    public StoredPipeline pipeline(long ref) {
        return db.pipeline(ref);
    }

    /**
     * The run's row goes to the tables at once (its number is taken there, and its values are
     * checked as they always were); its jobs are journaled as the run's first commit, as jobs a
     * run adds later are. A 10,000-job run then starts without waiting for 20,000 rows (0.43 s
     * on a first run). Outputs a run starts with go with their jobs in one transaction, as before.
     * A kill between the two leaves a run without jobs, which the next service finds interrupted.
     */
    @Override
    public RunId createRun(NewRun run, List<NewJob> jobs) {
        if (!run.seededOutputs().isEmpty() || jobs.isEmpty()) {
            RunId id = db.createRun(run, jobs);
            Map<String, JobStatus> statuses = HashMap.newHashMap(jobs.size());
            for (NewJob j : jobs) statuses.put(j.id(), JobStatus.PENDING);
            synchronized (mutex) {
                states.put(id, new RunState(RunStatus.RUNNING, statuses));
            }
            return id;
        }
        RunId id = db.createRun(run, List.of());
        synchronized (mutex) {
            states.put(id, new RunState(RunStatus.RUNNING, HashMap.newHashMap(jobs.size())));
        }
        try {
            commit(List.of(new Change.JobsAdded(id, jobs, run.startedAt())));
        } catch (RuntimeException e) {
            // a run that never got its jobs ends now, if the tables take it, rather than at the next start
            try {
                db.commit(List.of(new Change.RunMoved(id, RunStatus.RUNNING, RunStatus.FAILED, Instant.now(), "its jobs could not be recorded")));
            } catch (RuntimeException alsoRefused) {
                e.addSuppressed(alsoRefused);
            }
            synchronized (mutex) {
                states.remove(id);
            }
            throw e;
        }
        return id;
    }

    @Override
    public void heartbeat(RunId run, Instant at) {
        db.heartbeat(run, at); // its column is written by nothing journaled
    }

    @Override
    public void takeOver(RunId run, RunStatus expected, RunOwner owner) {
        afterCommits(() -> {
            db.takeOver(run, expected, owner);
            return null;
        });
    }

    @Override
    public Optional<RunRecord> run(RunId id) {
        return afterCommits(() -> db.run(id));
    }

    @Override
    public List<RunRecord> runs(int limit) {
        return afterCommits(() -> db.runs(limit));
    }

    @Override
    public List<RunRecord> runsWithStatus(RunStatus status) {
        return afterCommits(() -> db.runsWithStatus(status));
    }

    @Override
    public List<JobRecord> jobs(RunId run) {
        return afterCommits(() -> db.jobs(run));
    }

    @Override
    public List<AttemptRecord> attempts(RunId run) {
        return afterCommits(() -> db.attempts(run));
    }

    @Override
    public List<StateChange> stateChanges(RunId run, long afterSeq) {
        return afterCommits(() -> db.stateChanges(run, afterSeq));
    }

    @Override
    public List<SpawnFile> spawnedPhases(RunId run) {
        return afterCommits(() -> db.spawnedPhases(run));
    }

    @Override
    public long request(RunId run, String jobId, RunRequest.Kind kind, String requestedBy, Instant at) {
        return db.request(run, jobId, kind, requestedBy, at); // handled later, by a journaled change
    }

    @Override
    public List<RunRequest> openRequests(RunId run) {
        // polled twice a second by every live run: rather than write the tables for it, the
        // requests handled in commits they do not have yet are left out here
        // (held while the tables are read: a batch on its way to them is in neither place)
        applying.lock();
        try {
            Set<Long> handled = new java.util.HashSet<>();
            synchronized (mutex) {
                for (ChangeCodec.Commit c : pending) {
                    for (Change ch : c.changes()) if (ch instanceof Change.RequestHandled h && h.run().equals(run)) handled.add(h.requestId());
                }
            }
            List<RunRequest> open = db.openRequests(run);
            return handled.isEmpty() ? open : open.stream().filter(r -> !handled.contains(r.id())).toList();
        } finally {
            applying.unlock();
        }
    }

    @Override
    public Optional<String> requestOutcome(long requestId) {
        return afterCommits(() -> db.requestOutcome(requestId));
    }

    @Override
    public Set<String> approvedJobs(RunId run) {
        return afterCommits(() -> db.approvedJobs(run));
    }

    @Override
    public Optional<TrustFingerprint> trustedAt(String sourcePath) {
        return db.trustedAt(sourcePath);
    }

    @Override
    public Optional<TrustFingerprint> trustedWithContent(String contentHash) {
        return db.trustedWithContent(contentHash);
    }

    @Override
    public void trust(TrustFingerprint fingerprint) {
        db.trust(fingerprint);
    }

    /** Closed by its last user ({@code release} decides: it runs {@link #unshare} and then {@link #shutDown}). */
    @Override
    public void close() {
        release.accept(this);
    }

    /** One user fewer; true when it was the last (and the store must be shut down). */
    boolean unshare() {
        synchronized (mutex) {
            if (closed || users == 0) return false;
            return --users == 0;
        }
    }

    /** Writes the journal to the tables, empties it and closes the database. */
    void shutDown() {
        synchronized (mutex) {
            closed = true;
            mutex.notifyAll();
        }
        try {
            applier.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        applying.lock();
        try {
            writePending();
        } catch (RuntimeException e) {
            // the journal keeps them; the next open writes them
            LOG.log(System.Logger.Level.WARNING, "closing with commits not yet in the database (the journal keeps them): " + e.getMessage());
        } finally {
            applying.unlock();
            closeQuietly(journal);
            db.close();
        }
    }

    private static void closeQuietly(Journal journal) {
        try {
            journal.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the journal: " + e.getMessage());
        }
    }
}
