/**
 * Jobs on a Slurm cluster: {@code SlurmExecutor} submits each attempt ({@code SbatchLine}), follows
 * every live one with one squeue per poll ({@code QueueState}), copies their output into Baton's
 * logs, ends them with scancel, and adopts them after a crash; {@code SlurmClient} runs and counts
 * the Slurm commands; {@code SharedDirProbe} checks once that the cluster sees the run folders.
 *
 * <p>May use: {@code executor}, {@code logs}, {@code model}, {@code format} (durations),
 * {@code store} (file permissions only).
 */
package baton.engine.slurm;
