package baton.app;

import baton.cli.BatonCli;
import baton.engine.DataDirs;
import baton.ui.BatonApp;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The one entry point of the jar and the installed app: no arguments opens the window,
 * a file opens the window with it, a verb runs headless.
 */
public final class Main {
    /** The verbs, known only when an argument has to be told apart from a file (the command line's classes are not loaded for less). */
    private static final class Verbs {
        static final Set<String> ALL = Set.copyOf(BatonCli.verbs());
    }

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // what the command line would print, without building it: the quickest answer Baton gives
            System.out.println("Baton " + baton.client.BatonVersion.release());
            return;
        }
        Thread.setDefaultUncaughtExceptionHandler((t, e) ->
                System.err.println("baton: " + BatonCli.internalError("in thread " + t.getName(), e)));
        if (args.length == 1 && args[0].equals(AotTraining.ARG)) {
            AotTraining.run();
            return;
        }
        if (ServiceProcess.isServiceRun(args)) {
            System.exit(ServiceProcess.run(args));
            return;
        }
        if (opensWindow(args)) {
            // JavaFX warns that it runs from the class path, which is how Baton ships: not news to the person
            java.util.logging.Logger.getLogger("javafx").setLevel(java.util.logging.Level.SEVERE);
            java.nio.file.Path data;
            try {
                data = DataDirs.resolve(null, System.getenv());
            } catch (IllegalArgumentException e) {
                System.err.println("baton: " + e.getMessage());
                System.exit(2);
                return;
            }
            String file = args.length == 1 ? args[0] : FirstStart.examplesToOpen(data);
            int code = BatonApp.launchWindow(file, data);
            if (code != 0) System.exit(code);
            return;
        }
        if (args.length == 1 && !Verbs.ALL.contains(args[0]) && !args[0].startsWith("-")) {
            System.err.println("baton: '" + args[0] + "' is neither a file nor a verb: give a pipeline file to open, or one of "
                    + String.join(", ", BatonCli.verbs().stream().filter(v -> !v.equals("help")).toList()) + " (baton --help)");
            System.exit(2);
        }
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(BatonCli.execute(args, out, err, System.getenv()));
    }

    /** No arguments, or one that names an existing file: the window. Anything else is the command line's to judge. */
    static boolean opensWindow(String[] args) {
        if (args.length == 0) return true;
        return args.length == 1 && !Verbs.ALL.contains(args[0]) && !args[0].startsWith("-") && java.nio.file.Files.exists(java.nio.file.Path.of(args[0]));
    }
}
