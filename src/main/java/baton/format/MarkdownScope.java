package baton.format;

import java.time.Duration;

/**
 * Settings written under a title, a phase or group heading: each level falls back to the one
 * above it, so a group's Timeout beats the file's. {@code concurrency} is the exception: it is
 * the limit of the level it is written at, and readers decide what it limits.
 */
final class MarkdownScope {
    private final MarkdownScope parent;
    String worker, gate, branch;
    Duration timeout;
    Integer retries, concurrency;

    MarkdownScope(MarkdownScope parent) {
        this.parent = parent;
    }

    String worker() {
        return worker != null ? worker : parent == null ? null : parent.worker();
    }

    String gate() {
        return gate != null ? gate : parent == null ? null : parent.gate();
    }

    String branch() {
        return branch != null ? branch : parent == null ? null : parent.branch();
    }

    Duration timeout() {
        return timeout != null ? timeout : parent == null ? null : parent.timeout();
    }

    Integer retries() {
        return retries != null ? retries : parent == null ? null : parent.retries();
    }
}
