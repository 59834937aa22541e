package baton.cli;

import baton.engine.Engine;
import baton.engine.LiveRun;
import baton.engine.RunRefused;
import baton.model.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "resume", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton resume last"}, description = "Continue a run that was interrupted (crash, kill, power loss) without re-running what succeeded.")
final class ResumeCommand extends EngineVerb {
    @Parameters(paramLabel = "RUN") String runName;
    @Option(names = "--json", description = "print the run summary as JSON at the end") boolean json;

    @Override
    int execute(Engine engine) throws InterruptedException, RunRefused {
        RunRecord run = dataDir.find(engine, runName);
        LiveRun live = engine.resume(run.id(), List.of(RunCommand.notesTo(spec.commandLine().getErr())));
        return RunCommand.finish(engine, List.of(live), json, spec);
    }
}
