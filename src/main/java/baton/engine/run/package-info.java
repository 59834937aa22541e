/**
 * A live run, driven by one {@code RunCoordinator} thread that owns its state: its mailbox of
 * {@code Message}s and its step, which hands what arrived to {@code RunningAttempts} (start,
 * time limits, cancel, end of attempts) and {@code RequestIntake} (requests from any Baton
 * process), lets the {@code Settler} move waiting jobs by the {@code Decider}'s rules, commits
 * the {@code Step} in one transaction, then publishes and acts. {@code JobTable} holds the phases
 * ({@code PhaseState}) and jobs and makes every move; {@code SpawnIntake} takes in spawned phases;
 * {@code AttemptPreparation} gets an attempt's folder, environment and files ready and starts it;
 * {@code Pause} holds a run whose store or disk will not take writes. {@code SlotPool} and
 * {@code RunContext} are shared by the runs of one engine.
 *
 * <p>May use: {@code plan}, {@code exec}, {@code http}, {@code results}, the engine's vocabulary
 * ({@code RunEvent}, {@code RunListener}), {@code model}, {@code format}, {@code store}.
 */
package baton.engine.run;
