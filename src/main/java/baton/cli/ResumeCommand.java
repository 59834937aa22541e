package baton.cli;

import baton.engine.Engine;
import baton.engine.LiveRun;
import baton.engine.RunRefused;
import baton.model.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "resume", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton resume last"}, description = "Continue a run that was interrupted (crash, kill, power loss) without re-running what succeeded.")
final class ResumeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN") String runName;
    @Option(names = "--json", description = "print the run summary as JSON at the end") boolean json;
    @Mixin BatonCli.DataDirOption dataDir;
    @ParentCommand BatonCli root;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        try (Engine engine = BatonCli.openEngine(dataDir.resolve(root.env), spec)) {
            RunRecord run = RunLookup.find(engine, runName, spec.commandLine());
            LiveRun live;
            try {
                live = engine.resume(run.id(), List.of(RunCommand.notesTo(spec.commandLine().getErr())));
            } catch (RunRefused e) {
                spec.commandLine().getErr().println("baton: " + e.getMessage());
                return BatonCli.USAGE;
            }
            return RunCommand.finish(engine, List.of(live), json, spec);
        }
    }
}
