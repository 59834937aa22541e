package baton.model;

import java.time.Duration;

public record RetryPolicy(int max, Duration delay, double backoff, Duration maxDelay) {
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, 1.0, null);

    public static RetryPolicy times(int max) {
        return new RetryPolicy(max, Duration.ZERO, 1.0, null);
    }

    /** The wait before attempt {@code nextAttempt} (2 for the first retry). */
    public Duration delayBefore(int nextAttempt) {
        if (delay.isZero()) return Duration.ZERO;
        double factor = Math.pow(backoff, Math.max(0, nextAttempt - 2));
        long millis = (long) Math.min(Long.MAX_VALUE / 2.0, delay.toMillis() * factor);
        Duration d = Duration.ofMillis(millis);
        return maxDelay != null && d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
