package baton.model;

import java.time.Instant;

/** The process that drives a run, and when it last said it was alive. */
public record RunOwner(long pid, String host, Instant processStartedAt, Instant heartbeatAt) {}
