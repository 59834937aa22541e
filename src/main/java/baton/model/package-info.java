/**
 * What Baton talks about, as records and enums with no behaviour beyond their own invariants:
 * pipeline definitions ({@code PipelineDef}, {@code PhaseDef}, {@code Need}, {@code Foreach},
 * {@code HttpCall}), what a run was started with ({@code RunPlan}), what is stored
 * ({@code RunRecord}, {@code JobRecord}, {@code AttemptRecord}, {@code StateChange}), requests
 * to a live run ({@code RunRequest}), trust fingerprints, the one table of allowed job-state
 * moves ({@code JobTransitions}), and the one search for a cycle in needs ({@code NeedCycles}).
 *
 * <p>May use: the JDK only. Everything else depends on this package, never the reverse.
 */
package baton.model;
