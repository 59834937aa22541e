/**
 * The executor seam: {@code Executor} starts, watches ({@code Watch}) and ends ({@code Running})
 * one attempt, and hands back a {@code Handle} the attempt stores; {@code Executors} picks the
 * one a phase runs on. {@code LocalExecutor} runs a process here. The http and Slurm executors
 * live in their own packages and implement the interface.
 *
 * <p>May use: {@code exec}, {@code logs}, {@code plan} ({@code PlannedJob}), {@code model}.
 */
package baton.engine.executor;
