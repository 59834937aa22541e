/**
 * What a run will be, before anything is written or started: {@code RunResolver} checks the
 * options and resolves params, switches, {@code --from}/{@code --only} ({@code Selection},
 * against {@code EarlierRuns}) into the run's stored {@code RunPlan} and its jobs known at start;
 * {@code FanOut} is the one reading of {@code foreach}; {@code JobEnvironment} what each job is
 * given; {@code DryRun} the same answer as {@code baton plan} shows it; {@code StoredDefinition}
 * the definition a stored run was started with.
 *
 * <p>May use: {@code model}, {@code format}, {@code store} (reads only), and the engine's
 * vocabulary ({@code RunOptions}, {@code RunRefused}). Never a live run.
 */
package baton.engine.plan;
