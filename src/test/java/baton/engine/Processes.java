package baton.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test help: is a process really running? A zombie (ended, not yet reaped by init) is not. */
public final class Processes {
    private Processes() {}

    public static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (Exception e) {
            return false;
        }
    }
}
