package baton.engine.results;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reads the BATON_METRICS files of one run's running attempts about once a {@link #EVERY}, so
 * tokens show while a job runs. A timer tick hands the reading to a virtual thread (one reading at
 * a time: a slow disk skips ticks rather than piling them up), which reports each attempt whose
 * metrics changed; the coordinator gets them as messages and decides whether they still count.
 * Neither the coordinator's thread nor the shared timer thread ever waits for a file.
 */
public final class LiveMetrics {
    static final Duration EVERY = Duration.ofSeconds(1);

    /** An attempt's metrics as read now (the whole set, not what changed). */
    public record Reading(String jobId, int attempt, Map<String, Double> metrics) {}

    private record Watched(String jobId, int attempt) {}

    private final Map<Watched, MetricsTail> watched = new ConcurrentHashMap<>();
    private final AtomicBoolean reading = new AtomicBoolean();
    private final Consumer<Reading> report;
    private final String name;
    private ScheduledFuture<?> ticks;

    public LiveMetrics(String name, Consumer<Reading> report) {
        this.name = name;
        this.report = report;
    }

    public void watch(String jobId, int attempt, Path metricsFile) {
        watched.put(new Watched(jobId, attempt), new MetricsTail(metricsFile));
    }

    public void unwatch(String jobId, int attempt) {
        watched.remove(new Watched(jobId, attempt));
    }

    public void start(ScheduledExecutorService timers) {
        ticks = timers.scheduleWithFixedDelay(this::tick, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (ticks != null) ticks.cancel(false);
        watched.clear();
    }

    private void tick() {
        if (watched.isEmpty() || !reading.compareAndSet(false, true)) return;
        Thread.ofVirtual().name("metrics-" + name).start(this::readAll);
    }

    private void readAll() {
        try {
            for (var e : watched.entrySet()) {
                // a tail is only ever read here, and readings do not overlap (the flag)
                try {
                    Map<String, Double> now = e.getValue().read();
                    if (now != null) report.accept(new Reading(e.getKey().jobId(), e.getKey().attempt(), now));
                } catch (IOException ex) {
                    // the file changed under us or cannot be read: the next tick tries again, and the
                    // read at the attempt's end records the final values or a warning that says why
                    System.getLogger("baton.engine").log(System.Logger.Level.DEBUG, "live metrics of " + e.getKey() + ": " + ex);
                }
            }
        } finally {
            reading.set(false);
        }
    }
}
