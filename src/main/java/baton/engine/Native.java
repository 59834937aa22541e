package baton.engine;

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

    static {
        MethodHandle kill = null, isatty = null;
        try {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            kill = linker.downcallHandle(libc.find("kill").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            isatty = linker.downcallHandle(libc.find("isatty").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        } catch (Throwable e) {
            // not POSIX, or native access refused: callers fall back to ProcessHandle
        }
        KILL = kill;
        ISATTY = isatty;
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
            return false;
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

    public static boolean isatty(int fd) {
        if (ISATTY == null) return false;
        try {
            return (int) ISATTY.invokeExact(fd) == 1;
        } catch (Throwable e) {
            return false;
        }
    }
}
