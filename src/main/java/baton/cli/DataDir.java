package baton.cli;

import baton.engine.DataDirs;
import baton.engine.Engine;
import baton.engine.LogFile;
import baton.model.RunId;
import baton.model.RunRecord;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code --data-dir}, shared by every verb, and the one place a verb reaches what the data
 * directory holds: its engine, and the run a person named. When the verbs talk to a background
 * service instead, this class and {@link EngineVerb} are what change.
 */
final class DataDir {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "data directory (default: $BATON_HOME or the platform's data folder)")
    String dataDir;

    @Spec(Spec.Target.MIXEE) CommandSpec verb;

    /** The folder: the option, else $BATON_HOME, else the platform's; an unusable --data-dir is a usage error. */
    Path path() {
        try {
            return DataDirs.resolve(dataDir, ((BatonCli) verb.root().userObject()).env);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(verb.commandLine(), e.getMessage());
        }
    }

    /** Opens the data directory's engine (and its log file) and tells the user, on stderr, what opening it found worth saying. */
    Engine openEngine() {
        Path dir = path();
        LogFile.useDataDir(dir);
        Engine engine = Engine.open(dir);
        PrintWriter err = verb.commandLine().getErr();
        for (String note : engine.takeNotes()) err.println("baton: " + note);
        err.flush();
        return engine;
    }

    /** The run a person named: an id, or 'last' (or 'latest') for the newest; anything else is a usage error. */
    RunRecord find(Engine engine, String name) {
        CommandLine cl = verb.commandLine();
        if ("last".equals(name) || "latest".equals(name)) {
            return engine.runs(1).stream().findFirst()
                    .orElseThrow(() -> new CommandLine.ParameterException(cl, "there are no runs yet"));
        }
        if (!RunId.looksLike(name)) {
            throw new CommandLine.ParameterException(cl, "'" + name + "' is not a run id (they look like r-20261122-0001; see 'baton runs')");
        }
        return engine.run(new RunId(name))
                .orElseThrow(() -> new CommandLine.ParameterException(cl, "no run " + name + " in " + engine.dataDir() + " (see 'baton runs')"));
    }
}
