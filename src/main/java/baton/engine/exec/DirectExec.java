package baton.engine.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a job's {@code run} is executed: through {@code /bin/sh -c}, or, when the command is a
 * plain program with plain words (no quoting, variables, globs, redirections or shell
 * builtins), by exec'ing the program directly, as GNU make does. The result is the same;
 * the shell's start-up is saved.
 */
final class DirectExec {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./,:+@%=-]+(?:[ \\t]+[A-Za-z0-9_./,:+@%=-]+)*");
    private static final Set<String> SHELL_WORDS = Set.of("break", "case", "cd", "continue", "eval", "exec", "exit", "export",
            "for", "if", "login", "logout", "read", "readonly", "set", "shift", "test", "times", "trap", "ulimit", "umask",
            "unset", "wait", "while", "until", "alias", "unalias", "source", ".", "command", "type", "hash", "getopts",
            "local", "return", "fg", "bg", "jobs", "kill", "printf", "echo", "pwd", "[", "time", "function", "select");

    private DirectExec() {}

    static List<String> shell(String command) {
        return List.of("/bin/sh", "-c", command);
    }

    /** The argv to exec directly, or null when the command needs a shell. */
    static List<String> direct(String command, Path cwd, String path) {
        String c = command.strip();
        if (!PLAIN.matcher(c).matches()) return null;
        List<String> words = List.of(c.split("[ \\t]+"));
        String first = words.getFirst();
        if (SHELL_WORDS.contains(first) || first.contains("=")) return null;
        Path program = resolve(first, cwd, path);
        if (program == null) return null; // let the shell say "not found" (exit 127) as it would
        List<String> argv = new java.util.ArrayList<>(words);
        argv.set(0, program.toString());
        return argv;
    }

    private static Path resolve(String program, Path cwd, String path) {
        if (program.contains("/")) {
            Path p = cwd.resolve(program);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
        }
        if (path == null) return null;
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        return null;
    }
}
