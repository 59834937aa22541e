package baton.cli;

import baton.engine.DataDirs;
import baton.engine.Engine;
import baton.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/** The command line of SPEC 3. Every verb answers with an exit code: 0, 1, 2 (usage, bad file) or 3 (cancelled). */
@Command(name = "baton", mixinStandardHelpOptions = true, versionProvider = BatonCli.Version.class,
        description = "Run pipelines of shell phases with dependencies, retries and a full history.",
        subcommands = {ValidateCommand.class, RunCommand.class, PlanCommand.class, RunsCommand.class, ShowCommand.class, LogsCommand.class,
                RetryCommand.class, ResumeCommand.class, CancelCommand.class, ApproveCommand.class, SkipCommand.class, ServiceCommand.class, ExamplesCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = BatonCli.EXAMPLE,
        footer = {"  baton run examples/course/course.baton.yaml", "  baton help run"})
public final class BatonCli implements Runnable {
    public static final int OK = 0, FAILED = 1, USAGE = 2, CANCELLED = 3;
    /** The heading of the examples every verb's help ends with. */
    static final String EXAMPLE = "%nExample:%n";

    /** Shared by every verb: where the data lives. */
    public static final class DataDirOption {
        @Option(names = "--data-dir", paramLabel = "DIR", description = "data directory (default: $BATON_HOME or the platform's data folder)")
        String dataDir;

        Path resolve(Map<String, String> env) {
            try {
                return DataDirs.resolve(dataDir, env);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;
    }

    /** The pom's version, as the package says it (0.1.0, not 0.1.0-SNAPSHOT). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"Baton " + of()};
        }

        static String of() {
            java.util.Properties p = new java.util.Properties();
            try (var in = BatonCli.class.getResourceAsStream("/baton/version.properties")) {
                if (in != null) p.load(in);
            } catch (java.io.IOException e) {
                // built without the resource: say so rather than a made-up number
            }
            return p.getProperty("version", "(unknown version)").replace("-SNAPSHOT", "");
        }
    }

    final Map<String, String> env;
    CommandLine.Model.CommandSpec spec;

    private BatonCli(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a verb: validate, run, plan, runs, show, logs, retry, resume, cancel, approve, skip, examples or completion");
    }

    /**
     * The command line with every verb and option, as {@link #execute} runs it; the reference in
     * {@code docs/cli.md} is checked against its spec (ReferenceDocsTest).
     */
    public static CommandLine commandLine(Map<String, String> env) {
        CommandLine cl = new CommandLine(new BatonCli(env), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return CommandLine.defaultFactory().create(cls);
            }
        });
        // picocli's own 'help' verb: an example like every other verb
        cl.getSubcommands().get("help").getCommandSpec().usageMessage().footerHeading(EXAMPLE).footer("  baton help run");
        return cl;
    }

    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        CommandLine cl = commandLine(env);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            String verb = ex.getCommandLine().getCommandName();
            err.println("baton: " + friendly(ex));
            err.println("Try '" + ("baton".equals(verb) ? "baton" : "baton " + verb) + " --help'.");
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            Throwable t = ex;
            if (t instanceof StoreException se) {
                err.println("baton: " + se.getMessage());
            } else if (t instanceof baton.client.ServiceUnavailable su) {
                err.println("baton: " + su.getMessage());
            } else {
                System.getLogger("baton.cli").log(System.Logger.Level.ERROR, "internal error in 'baton " + String.join(" ", args) + "'", t);
                java.nio.file.Path log = baton.engine.LogFile.path();
                err.println("baton: internal error: " + t + (log == null ? "" : " (details in " + log + ")") + "; please report it");
            }
            err.flush();
            return USAGE;
        });
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

    /** Opens the data directory's engine and tells the user, on stderr, what opening it found worth saying. */
    static Engine openEngine(Path dataDir, CommandLine.Model.CommandSpec spec) {
        baton.engine.LogFile.useDataDir(dataDir);
        Engine engine = Engine.open(dataDir);
        PrintWriter err = spec.commandLine().getErr();
        for (String note : engine.takeNotes()) err.println("baton: " + note);
        err.flush();
        return engine;
    }
}
