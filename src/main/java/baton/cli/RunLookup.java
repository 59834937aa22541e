package baton.cli;

import baton.engine.Engine;
import baton.model.RunId;
import baton.model.RunRecord;
import picocli.CommandLine;

/** Finds the run a person named: an id, or 'last' for the newest. */
final class RunLookup {
    private RunLookup() {}

    static RunRecord find(Engine engine, String name, CommandLine cl) {
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
