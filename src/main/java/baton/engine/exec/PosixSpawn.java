package baton.engine.exec;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Starts a process with glibc's posix_spawn through the FFM API: one exec, in a new session
 * (so its whole tree can be signalled as a group), with every descriptor but its three
 * standard ones closed, and all signals at their defaults. ProcessBuilder costs about twice
 * as much here (it execs a helper first), which matters when a pipeline has 10,000 small jobs.
 */
final class PosixSpawn {
    private static final int POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final int POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int POSIX_SPAWN_SETSID = 0x80;
    private static final int O_RDONLY = 0, O_WRONLY = 1, O_APPEND = 0x400;
    private static final int O_CLOEXEC = 0x80000;
    private static final long OPAQUE = 512; // bigger than posix_spawn_file_actions_t, posix_spawnattr_t and sigset_t

    private static final MethodHandle SPAWN, FA_INIT, FA_DESTROY, FA_DUP2, FA_OPEN, FA_CHDIR, FA_CLOSEFROM,
            ATTR_INIT, ATTR_DESTROY, ATTR_SETFLAGS, ATTR_SETSIGMASK, ATTR_SETSIGDEFAULT, SIGEMPTYSET, SIGFILLSET,
            PIPE2, CLOSE, WAITPID, PIDFD_OPEN, POLL, READ;
    static final boolean AVAILABLE;

    static {
        MethodHandle[] h = new MethodHandle[20];
        boolean ok;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            h[0] = down(linker, libc, "posix_spawn", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
            h[1] = down(linker, libc, "posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            h[2] = down(linker, libc, "posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            h[3] = down(linker, libc, "posix_spawn_file_actions_adddup2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
            h[4] = down(linker, libc, "posix_spawn_file_actions_addopen", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
            h[5] = down(linker, libc, "posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            h[6] = down(linker, libc, "posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            h[7] = down(linker, libc, "posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            h[8] = down(linker, libc, "posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            h[9] = down(linker, libc, "posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, ValueLayout.JAVA_SHORT));
            h[10] = down(linker, libc, "posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            h[11] = down(linker, libc, "posix_spawnattr_setsigdefault", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
            h[12] = down(linker, libc, "sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            h[13] = down(linker, libc, "sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            h[14] = down(linker, libc, "pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            h[15] = down(linker, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
            h[16] = down(linker, libc, "waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
            h[17] = down(linker, libc, "pidfd_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
            h[18] = down(linker, libc, "poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, ValueLayout.JAVA_LONG, JAVA_INT));
            h[19] = linker.downcallHandle(libc.find("read").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, JAVA_INT, ADDRESS, ValueLayout.JAVA_LONG), Linker.Option.captureCallState("errno"));
            ok = System.getProperty("os.name", "").toLowerCase().contains("linux") && !Boolean.getBoolean("baton.noPosixSpawn");
        } catch (Throwable e) {
            // not glibc, or native access refused: jobs start through ProcessBuilder instead
            System.getLogger("baton.engine").log(System.Logger.Level.DEBUG, "posix_spawn unavailable", e);
            ok = false;
        }
        SPAWN = h[0]; FA_INIT = h[1]; FA_DESTROY = h[2]; FA_DUP2 = h[3]; FA_OPEN = h[4]; FA_CHDIR = h[5]; FA_CLOSEFROM = h[6];
        ATTR_INIT = h[7]; ATTR_DESTROY = h[8]; ATTR_SETFLAGS = h[9]; ATTR_SETSIGMASK = h[10]; ATTR_SETSIGDEFAULT = h[11];
        SIGEMPTYSET = h[12]; SIGFILLSET = h[13]; PIPE2 = h[14]; CLOSE = h[15]; WAITPID = h[16];
        PIDFD_OPEN = h[17]; POLL = h[18]; READ = h[19];
        AVAILABLE = ok;
    }

    private static MethodHandle down(Linker linker, SymbolLookup libc, String name, FunctionDescriptor fd) {
        return linker.downcallHandle(libc.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), fd);
    }

    /** A spawned child: its pid and the read ends of its stdout and stderr (raw descriptors, ours to close). */
    record Child(long pid, int stdoutFd, int stderrFd) {}

    private PosixSpawn() {}

    static Child spawn(String program, List<String> argv, Map<String, String> env, String cwd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment outPipe = arena.allocate(JAVA_INT, 2);
            MemorySegment errPipe = arena.allocate(JAVA_INT, 2);
            if ((int) PIPE2.invokeExact(outPipe, O_CLOEXEC) != 0) throw new IOException("pipe2 failed");
            if ((int) PIPE2.invokeExact(errPipe, O_CLOEXEC) != 0) {
                closeFd(outPipe.getAtIndex(JAVA_INT, 0));
                closeFd(outPipe.getAtIndex(JAVA_INT, 1));
                throw new IOException("pipe2 failed");
            }
            int outR = outPipe.getAtIndex(JAVA_INT, 0), outW = outPipe.getAtIndex(JAVA_INT, 1);
            int errR = errPipe.getAtIndex(JAVA_INT, 0), errW = errPipe.getAtIndex(JAVA_INT, 1);
            try {
                long pid = spawnInSession(arena, program, argv, env, fa -> (int) FA_OPEN.invokeExact(fa, 0, arena.allocateFrom("/dev/null"), O_RDONLY, 0)
                        | (int) FA_DUP2.invokeExact(fa, outW, 1)
                        | (int) FA_DUP2.invokeExact(fa, errW, 2)
                        | (int) FA_CHDIR.invokeExact(fa, arena.allocateFrom(cwd)));
                return new Child(pid, outR, errR);
            } catch (Throwable e) {
                closeFd(outR);
                closeFd(errR);
                throw e;
            } finally {
                closeFd(outW);
                closeFd(errW);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("posix_spawn: " + t, t);
        }
    }

    /**
     * Starts {@code argv} (its program at the absolute path {@code program}) in a session of its
     * own, its stdin and stdout /dev/null and its stderr appended to {@code stderr}; the pid. No
     * pipe and no JDK reaper thread tie it to this JVM, which therefore exits at once: with a child
     * started through ProcessBuilder, the JVM waits some 300 ms at exit for that thread, blocked in
     * waitpid(2), to stop.
     */
    static long spawnDetached(String program, List<String> argv, Map<String, String> env, java.nio.file.Path stderr) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment devNull = arena.allocateFrom("/dev/null");
            return spawnInSession(arena, program, argv, env, fa -> (int) FA_OPEN.invokeExact(fa, 0, devNull, O_RDONLY, 0)
                    | (int) FA_OPEN.invokeExact(fa, 1, devNull, O_WRONLY, 0)
                    | (int) FA_OPEN.invokeExact(fa, 2, arena.allocateFrom(stderr.toString()), O_WRONLY | O_APPEND, 0));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("posix_spawn: " + t, t);
        }
    }

    /** Adds the child's descriptors (0, 1, 2 and its folder) to posix_spawn's file actions; non-zero when one failed. */
    @FunctionalInterface
    private interface FileActions {
        int add(MemorySegment fileActions) throws Throwable;
    }

    /**
     * posix_spawn with {@code files} set up, every other descriptor closed, the signal mask empty,
     * every signal at its default and a session of its own (its process group leader); the pid.
     */
    private static long spawnInSession(Arena arena, String program, List<String> argv, Map<String, String> env, FileActions files) throws Throwable {
        MemorySegment fa = arena.allocate(OPAQUE, 16);
        MemorySegment attr = arena.allocate(OPAQUE, 16);
        MemorySegment empty = arena.allocate(OPAQUE, 16);
        MemorySegment all = arena.allocate(OPAQUE, 16);
        int faInit = (int) FA_INIT.invokeExact(fa);
        int attrInit = (int) ATTR_INIT.invokeExact(attr);
        try {
            int rc = faInit | attrInit;
            rc |= files.add(fa);
            rc |= (int) FA_CLOSEFROM.invokeExact(fa, 3);
            rc |= (int) SIGEMPTYSET.invokeExact(empty);
            rc |= (int) SIGFILLSET.invokeExact(all);
            rc |= (int) ATTR_SETSIGMASK.invokeExact(attr, empty);
            rc |= (int) ATTR_SETSIGDEFAULT.invokeExact(attr, all);
            rc |= (int) ATTR_SETFLAGS.invokeExact(attr, (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
            if (rc != 0) throw new IOException("posix_spawn set-up failed");
            MemorySegment pid = arena.allocate(JAVA_INT);
            int err = (int) SPAWN.invokeExact(pid, arena.allocateFrom(program), fa, attr, strings(arena, argv), environment(arena, env));
            if (err != 0) throw new IOException(errnoText(err) + ": " + program);
            return pid.get(JAVA_INT, 0);
        } finally {
            if (faInit == 0) { int ignored = (int) FA_DESTROY.invokeExact(fa); }
            if (attrInit == 0) { int ignored = (int) ATTR_DESTROY.invokeExact(attr); }
        }
    }

    private static final int POLLIN = 0x1, POLLERR = 0x8, POLLHUP = 0x10, EINTR = 4, EAGAIN = 11;
    private static final java.lang.foreign.StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final java.lang.invoke.VarHandle ERRNO = CALL_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    /**
     * Copies the child's stdout and stderr into {@code sink} as they come and reaps it, all on the
     * calling thread with one poll(2) over both pipes and a pidfd: one thread per job, no hand-offs.
     * {@code onMainExit} runs when the main process ends while pipes are still open (children left
     * behind hold them), so the caller can end those. Returns the exit code, or 128 + signal.
     */
    static int pump(Child c, OutputSink sink, Runnable onMainExit) {
        int status = -1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(8L * 3, 8);
            MemorySegment buf = arena.allocate(65536);
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment wstatus = arena.allocate(JAVA_INT);
            byte[] heap = new byte[65536];
            int[] fd = {c.stdoutFd(), c.stderrFd(), -1};
            try {
                fd[2] = (int) PIDFD_OPEN.invokeExact((int) c.pid(), 0);
            } catch (Throwable t) {
                // no pidfd (a kernel before 5.3): the exit is seen when the pipes close instead
                System.getLogger("baton.engine").log(System.Logger.Level.DEBUG, "pidfd_open unavailable", t);
                fd[2] = -1;
            }
            boolean exited = false;
            while (fd[0] >= 0 || fd[1] >= 0 || (fd[2] >= 0 && !exited)) {
                for (int i = 0; i < 3; i++) {
                    fds.set(JAVA_INT, i * 8L, i == 2 && exited ? -1 : fd[i]);
                    fds.set(ValueLayout.JAVA_SHORT, i * 8L + 4, (short) POLLIN);
                    fds.set(ValueLayout.JAVA_SHORT, i * 8L + 6, (short) 0);
                }
                int n = (int) POLL.invokeExact(fds, 3L, -1);
                if (n < 0) continue; // interrupted by a signal
                for (int i = 0; i < 2; i++) {
                    short rev = fds.get(ValueLayout.JAVA_SHORT, i * 8L + 6);
                    if (fd[i] < 0 || (rev & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
                    long got = (long) READ.invokeExact(state, fd[i], buf, (long) heap.length);
                    if (got > 0) {
                        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, heap, 0, (int) got);
                        sink.write(i == 0, heap, (int) got);
                    } else if (got == 0 || ((int) ERRNO.get(state, 0L) != EINTR && (int) ERRNO.get(state, 0L) != EAGAIN)) {
                        closeFd(fd[i]);
                        fd[i] = -1;
                    }
                }
                if (fd[2] >= 0 && !exited && (fds.get(ValueLayout.JAVA_SHORT, 2 * 8L + 6) & POLLIN) != 0) {
                    exited = true;
                    status = reap(c.pid(), wstatus);
                    closeFd(fd[2]);
                    fd[2] = -1;
                    if (fd[0] >= 0 || fd[1] >= 0) onMainExit.run();
                }
            }
            if (!exited) {
                status = reap(c.pid(), wstatus);
                onMainExit.run();
            }
        } catch (Throwable t) {
            System.getLogger("baton.engine").log(System.Logger.Level.WARNING, "pumping the output of process " + c.pid() + " failed", t);
            return -1;
        }
        return status;
    }

    interface OutputSink {
        void write(boolean stdout, byte[] bytes, int len);
    }

    private static int reap(long pid, MemorySegment wstatus) throws Throwable {
        while (true) {
            int r = (int) WAITPID.invokeExact((int) pid, wstatus, 0);
            if (r == pid) break;
            if (r == -1) return -1;
        }
        int s = wstatus.get(JAVA_INT, 0);
        int sig = s & 0x7f;
        return sig == 0 ? (s >> 8) & 0xff : 128 + sig;
    }

    private static void closeFd(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            // a descriptor that cannot be closed is leaked, nothing worse: said, not fatal
            System.getLogger("baton.engine").log(System.Logger.Level.DEBUG, "close(" + fd + ") failed", e);
        }
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment arr = arena.allocate(ADDRESS, values.size() + 1);
        for (int i = 0; i < values.size(); i++) arr.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
        arr.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
        return arr;
    }

    private static MemorySegment environment(Arena arena, Map<String, String> env) {
        List<String> pairs = new java.util.ArrayList<>(env.size());
        for (var e : env.entrySet()) {
            if (e.getKey().indexOf('\0') < 0 && e.getValue().indexOf('\0') < 0) pairs.add(e.getKey() + "=" + e.getValue());
        }
        return strings(arena, pairs);
    }

    private static String errnoText(int err) {
        return switch (err) {
            case 2 -> "no such file";
            case 13 -> "permission denied";
            case 8 -> "not an executable";
            case 20 -> "not a directory";
            case 7 -> "argument list too long";
            default -> "posix_spawn failed with errno " + err;
        };
    }
}
