package baton.cli;

import baton.client.BatonClient;
import baton.client.RunHandle;
import baton.engine.RunRefused;
import baton.model.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "resume", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton resume last"}, description = "Continue a run that was interrupted (crash, kill, power loss) without re-running what succeeded.")
final class ResumeCommand extends ServiceVerb {
    @Parameters(paramLabel = "RUN") String runName;
    @Option(names = "--json", description = "print the run summary as JSON at the end") boolean json;
    @Option(names = "--detach", description = "return at once; the run goes on in the background service") boolean detach;

    @Override
    int execute(BatonClient client) throws InterruptedException, RunRefused {
        RunRecord run = dataDir.find(client, runName);
        RunCommand.Interrupts ctrlC = detach ? null : RunCommand.Interrupts.install();
        RunHandle live = client.resume(run.id(), detach, detach ? null : RunCommand.notesTo(spec.commandLine().getErr()));
        if (detach) return RunCommand.detached(List.of(live), json, spec);
        return RunCommand.finish(client, List.of(live), json, spec, ctrlC);
    }
}
