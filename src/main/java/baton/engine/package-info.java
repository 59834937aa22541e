/**
 * Runs, behind one front: {@code Engine} starts, retries, resumes and recovers them and answers
 * questions about stored ones; {@code LiveRun} is a run this process drives. This package holds
 * that front and the vocabulary its clients speak ({@code RunOptions}, {@code RunRefused},
 * {@code RunEvent}, {@code RunListener}, {@code TrustCheck}, {@code DataDirs}, {@code LogFile});
 * the work is done in its sub-packages, one job each, whose arrows point one way:
 * <pre>
 *   recover  → run, plan, executor
 *   run      → executor, results, plan
 *   http     → executor, exec, results, logs, plan
 *   slurm    → executor, logs
 *   executor → exec, plan
 *   trust    → plan
 *   exec     → logs
 *   plan, results, logs → none of the others
 * </pre>
 * {@code plan}: what a run will be before it starts. {@code run}: a live run, one coordinator
 * thread each. {@code executor}: the seam every job starts, is watched and ends through.
 * {@code exec}: job processes. {@code http}: callback phases. {@code slurm}: jobs on a Slurm cluster. {@code results}: what
 * a job says back. {@code logs}: a job's log file. {@code trust}: the window's trust fingerprint.
 * {@code recover}: runs whose owner died, retry and resume. The sub-packages may use this
 * package's vocabulary but never {@code Engine} or {@code LiveRun} ({@code ArchitectureTest}).
 *
 * <p>May use: {@code model}, {@code format}, {@code store}. Never JavaFX, the CLI or the window.
 */
package baton.engine;
