package baton.cli;

import baton.client.BatonClient;
import baton.engine.RunRefused;
import baton.model.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "skip", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton skip last intro"}, description = "Mark a job that has not started (or a phase, or a roadmap group) done without running it; what needs it goes on.")
final class SkipCommand extends ServiceVerb {
    @Parameters(index = "0", paramLabel = "RUN", description = "the run (as 'baton runs' lists it)") String runName;
    @Parameters(index = "1", paramLabel = "JOB", description = "the job, phase or group to mark done") String job;

    @Override
    int execute(BatonClient client) throws InterruptedException, RunRefused {
        return RunRequests.ask(client, dataDir.find(client, runName), List.of(job), RunRequest.Kind.SKIP, spec);
    }
}
