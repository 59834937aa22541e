/**
 * Job processes: {@code ProcessLauncher} starts one in a session of its own ({@code PosixSpawn}
 * through FFM, else {@code ProcessBuilder}; {@code DirectExec} decides between exec and
 * {@code /bin/sh -c}) and pumps its output into its log; {@code ProcessTree} ends a whole tree;
 * {@code Orphans} ends what a job left outside its session; {@code JobProcesses} finds a run's
 * processes by the identity they inherit ({@code InstanceId} + run id); {@code Native} holds the
 * few POSIX calls Java lacks.
 *
 * <p>May use: {@code logs}, {@code store} (file permissions only), the JDK. Knows nothing of runs.
 */
package baton.engine.exec;
