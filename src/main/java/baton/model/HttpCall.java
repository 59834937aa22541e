package baton.model;

import java.time.Duration;

/** A phase served by a running service (SPEC 1.5). */
public record HttpCall(String url, String method, boolean callback, Duration timeout) {}
