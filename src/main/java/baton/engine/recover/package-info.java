/**
 * Runs that stopped, brought back: {@code OrphanRecovery} marks interrupted the runs whose owner
 * died ({@code Ownership} tells a live owner from a gone one); {@code Restarts} takes a stored
 * run over for a retry or a resume and hands its coordinator the jobs it begins with.
 *
 * <p>May use: {@code run} ({@code JobsAtStart}), {@code plan}, {@code exec}, the engine's
 * {@code RunRefused}, {@code model}, {@code format}, {@code store}.
 */
package baton.engine.recover;
