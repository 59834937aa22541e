/**
 * Phases served by a running service (SPEC 1.5): {@code HttpPhases} calls the phase server and
 * serves the loopback callback that ends the job, with single-use tokens.
 *
 * <p>May use: {@code exec} (how an attempt reports its end), {@code logs}, {@code results} (the
 * metrics file's rules), {@code plan} ({@code PlannedJob}), {@code model}, {@code format}.
 */
package baton.engine.http;
