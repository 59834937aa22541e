/**
 * Runs: {@code Engine} starts, retries, resumes and recovers them and answers questions about
 * stored ones; one {@code RunCoordinator} thread per run owns its state and takes messages
 * (process exits, timers, requests); {@code Decider}/{@code PhaseState} hold the rules of
 * needs and when; processes are started by {@code ProcessLauncher} (posix_spawn through FFM),
 * ended by {@code ProcessTree}, and their strays caught by {@code Orphans}; {@code HttpPhases}
 * serves callback phases; {@code JobResults} and {@code LiveMetrics} read what jobs say back.
 *
 * <p>May use: {@code model}, {@code format}, {@code store}. Never JavaFX, the CLI or the window.
 */
package baton.engine;
