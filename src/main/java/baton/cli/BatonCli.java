package baton.cli;

import baton.engine.LogFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The command line of SPEC 3. Every verb answers with an exit code: 0, 1, 2 (usage, bad file) or 3 (cancelled). */
@Command(name = "baton", mixinStandardHelpOptions = true, versionProvider = BatonCli.Version.class,
        description = "Run pipelines of shell phases with dependencies, retries and a full history.",
        footerHeading = BatonCli.EXAMPLE,
        footer = {"  baton run examples/course/course.baton.yaml", "  baton help run"})
public final class BatonCli implements Runnable {
    public static final int OK = 0, FAILED = 1, USAGE = 2, CANCELLED = 3;
    /** The heading of the examples every verb's help ends with. */
    static final String EXAMPLE = "%nExample:%n";

    /** The pom's version, as the package says it (0.1.0, not 0.1.0-SNAPSHOT). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"Baton " + of()};
        }

        static String of() {
            return baton.client.BatonVersion.release();
        }
    }

    final Map<String, String> env;
    CommandLine.Model.CommandSpec spec;

    private BatonCli(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public void run() {
        List<String> verbs = verbs().stream().filter(v -> !v.equals("help")).toList();
        throw new CommandLine.ParameterException(new CommandLine(this), "name a verb: "
                + String.join(", ", verbs.subList(0, verbs.size() - 1)) + " or " + verbs.getLast());
    }

    /** Every verb, in the order --help lists them ('help' last). */
    private static final List<Class<?>> VERBS = List.of(ValidateCommand.class, RunCommand.class, PlanCommand.class, RunsCommand.class,
            ShowCommand.class, LogsCommand.class, RetryCommand.class, ResumeCommand.class, CancelCommand.class, ApproveCommand.class,
            SkipCommand.class, ServiceCommand.class, ExamplesCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class);
    /** Verbs that speak of the whole command line (its help, its completion script): they get every verb built. */
    private static final java.util.Set<String> NEED_ALL = java.util.Set.of("help", "completion");

    /** The verbs' names, in the order --help lists them ('help' last); read from the annotations, no command line is built. */
    public static List<String> verbs() {
        return VERBS.stream().map(verb -> verb.getAnnotation(Command.class).name()).toList();
    }

    /**
     * The command line with every verb and option, as {@link #execute} runs it; the reference in
     * {@code docs/cli.md} is checked against its spec (ReferenceDocsTest).
     */
    public static CommandLine commandLine(Map<String, String> env) {
        return commandLine(env, null);
    }

    /**
     * The command line with only {@code verb} built when one is named (picocli reads every verb's
     * options by reflection: building all of them cost most of a short verb's start), else with
     * every verb.
     */
    static CommandLine commandLine(Map<String, String> env, String verb) {
        CommandLine.IFactory factory = CommandLine.defaultFactory();
        CommandLine cl = new CommandLine(new BatonCli(env), factory);
        boolean one = verb != null && !NEED_ALL.contains(verb) && verbs().contains(verb);
        for (Class<?> v : VERBS) {
            String name = v.getAnnotation(Command.class).name();
            if (!one || name.equals(verb)) cl.addSubcommand(name, new CommandLine(v, factory));
        }
        // picocli's own 'help' verb: an example like every other verb
        CommandLine help = cl.getSubcommands().get("help");
        if (help != null) help.getCommandSpec().usageMessage().footerHeading(EXAMPLE).footer("  baton help run");
        return cl;
    }

    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        CommandLine cl = commandLine(env, args.length > 0 ? args[0] : null);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            String verb = ex.getCommandLine().getCommandName();
            err.println("baton: " + friendly(ex));
            err.println("Try '" + ("baton".equals(verb) ? "baton" : "baton " + verb) + " --help'.");
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler(new VerbErrors(args));
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** picocli's messages, in Baton's words where they read badly (an unknown verb, a --param without '='). */
    private static String friendly(CommandLine.ParameterException ex) {
        String m = ex.getMessage();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && "baton".equals(ex.getCommandLine().getCommandName())
                && !u.getUnmatched().isEmpty()) {
            String word = u.getUnmatched().getFirst();
            if (!word.startsWith("-")) {
                return "unknown verb '" + word + "'" + baton.format.Suggest.hint(word, ex.getCommandLine().getSubcommands().keySet())
                        + ": the verbs are " + String.join(", ", ex.getCommandLine().getSubcommands().keySet());
            }
        }
        java.util.regex.Matcher kv = java.util.regex.Pattern.compile("Value for option option '(--[\\w-]+)' \\([^)]*\\) should be in KEY=VALUE format but was (.*)").matcher(m);
        if (kv.find()) return kv.group(1) + " takes NAME=VALUE (for example " + kv.group(1) + " venue=garden), not '" + kv.group(2) + "'";
        return m;
    }

    /**
     * Logs {@code t} with its cause and returns the line that tells the person: the error, the log
     * file that holds the details (once one is open), and a request to report it.
     */
    public static String internalError(String where, Throwable t) {
        System.getLogger("baton").log(System.Logger.Level.ERROR, "internal error " + where, t);
        Path log = LogFile.path();
        return "internal error: " + t + (log == null ? "" : " (details in " + log + ")") + "; please report it";
    }
}
