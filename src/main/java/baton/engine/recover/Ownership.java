package baton.engine.recover;

import baton.model.RunOwner;
import baton.model.RunRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * This Baton process as the owner of the runs it drives (pid, host, when it started), and the
 * test of whether another run's owner is still alive: on this host by its pid (and its start
 * time, as pids are reused), elsewhere by its heartbeat.
 */
public final class Ownership {
    /** How long a run's owner on another host may stay silent before it is taken for gone. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(15);

    private final long pid;
    private final String host;
    private final Instant processStartedAt;

    public Ownership() {
        ProcessHandle self = ProcessHandle.current();
        this.pid = self.pid();
        this.host = hostName();
        this.processStartedAt = self.info().startInstant().orElse(Instant.now());
    }

    /** This process as the owner of a run it takes on at {@code at}. */
    public RunOwner at(Instant at) {
        return new RunOwner(pid, host, processStartedAt, at);
    }

    /** Whether the owner of {@code r} is alive: a run whose owner is alive is never recovered by another. */
    public boolean ownerAlive(RunRecord r) {
        RunOwner o = r.owner();
        if (o == null) return false;
        if (o.host().equals(host)) {
            if (o.pid() == pid) return true; // this very process (perhaps another Engine in it)
            Optional<ProcessHandle> ph = ProcessHandle.of(o.pid());
            if (ph.isEmpty() || !ph.get().isAlive()) return false;
            // the pid may have been reused: the owner must have started when the run says it did
            return ph.get().info().startInstant()
                    .map(s -> o.processStartedAt() == null || Math.abs(Duration.between(s, o.processStartedAt()).toSeconds()) < 2)
                    .orElse(true);
        }
        return o.heartbeatAt() != null && o.heartbeatAt().isAfter(Instant.now().minus(STALE_AFTER));
    }

    /** Who owns {@code run}, for messages: "pid 123 on host". */
    public static String describe(RunRecord run) {
        return run.owner() == null ? "unknown" : "pid " + run.owner().pid() + " on " + run.owner().host();
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return Files.readString(Path.of("/etc/hostname")).strip();
        } catch (IOException e) {
            // no /etc/hostname (not Linux, or a bare container): runs are told apart by pid on the one host there is
            System.getLogger("baton.engine").log(System.Logger.Level.DEBUG, "cannot read /etc/hostname", e);
            return "localhost";
        }
    }
}
