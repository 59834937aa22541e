package baton.engine.exec;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The few POSIX calls Java has no API for, through the FFM API: signalling a whole process
 * group, and asking whether a descriptor is a terminal.
 */
public final class Native {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final MethodHandle KILL;
    private static final MethodHandle ISATTY;
    private static final MethodHandle PRCTL;
    private static final MethodHandle WAITPID;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int WNOHANG = 1;

    static {
        MethodHandle kill = null, isatty = null, prctl = null, waitpid = null;
        try {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            kill = linker.downcallHandle(libc.find("kill").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            isatty = linker.downcallHandle(libc.find("isatty").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            prctl = linker.downcallHandle(libc.find("prctl").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(1));
            waitpid = linker.downcallHandle(libc.find("waitpid").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        } catch (Throwable e) {
            // not POSIX (or not Linux, for prctl), or native access refused: callers fall back to ProcessHandle
            System.getLogger("baton.engine").log(System.Logger.Level.DEBUG, "native calls unavailable", e);
        }
        KILL = kill;
        ISATTY = isatty;
        PRCTL = prctl;
        WAITPID = waitpid;
    }

    private Native() {}

    public static boolean available() {
        return KILL != null;
    }

    /** kill(2); returns true when the signal was sent (the target exists). */
    public static boolean kill(long pid, int signal) {
        if (KILL == null) return false;
        try {
            return (int) KILL.invokeExact((int) pid, signal) == 0;
        } catch (Throwable e) {
            return failed("kill", e);
        }
    }

    /** Signals every process of group {@code pgid}. */
    public static boolean killGroup(long pgid, int signal) {
        return pgid > 1 && kill(-pgid, signal);
    }

    /** Whether any process of group {@code pgid} is still alive. */
    public static boolean groupAlive(long pgid) {
        return pgid > 1 && kill(-pgid, 0);
    }

    /**
     * Makes this process the "subreaper" of its descendants (Linux): a job's child whose parent
     * exits is re-parented to Baton instead of to init, so Baton can still find and end it.
     */
    static boolean becomeSubreaper() {
        if (PRCTL == null) return false;
        try {
            return (int) PRCTL.invokeExact(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L) == 0;
        } catch (Throwable e) {
            return failed("prctl", e);
        }
    }

    /** Reaps {@code pid} if it is a child of ours that has ended; never blocks. */
    static boolean reapIfEnded(long pid) {
        if (WAITPID == null) return false;
        try {
            return (int) WAITPID.invokeExact((int) pid, java.lang.foreign.MemorySegment.NULL, WNOHANG) == pid;
        } catch (Throwable e) {
            return failed("waitpid", e);
        }
    }

    /** The exit code of {@code pid}, a child of ours, once it has ended (128 + the signal that ended it), reaping it; null while it runs. Never blocks. */
    static Integer exitCodeIfEnded(long pid) {
        if (WAITPID == null) return null;
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            if ((int) WAITPID.invokeExact((int) pid, status, WNOHANG) != pid) return null;
            int s = status.get(ValueLayout.JAVA_INT, 0);
            return (s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
        } catch (Throwable e) {
            failed("waitpid", e);
            return null;
        }
    }

    public static boolean isatty(int fd) {
        if (ISATTY == null) return false;
        try {
            return (int) ISATTY.invokeExact(fd) == 1;
        } catch (Throwable e) {
            return failed("isatty", e);
        }
    }

    /**
     * A downcall that threw instead of returning: only a mismatch between a handle and its call
     * can (the C functions report errors by their result). Logged, and answered as "no".
     */
    private static boolean failed(String call, Throwable e) {
        System.getLogger("baton.engine").log(System.Logger.Level.WARNING, "the native call " + call + " failed", e);
        return false;
    }
}
