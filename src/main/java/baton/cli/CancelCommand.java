package baton.cli;

import baton.client.BatonClient;
import baton.engine.RunRefused;
import baton.model.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "cancel", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton cancel r-20261122-0001"}, description = "Cancel a live run (or some of its jobs), whichever terminal or window started it.")
final class CancelCommand extends ServiceVerb {
    @Parameters(index = "0", paramLabel = "RUN", description = "the run (as 'baton runs' lists it)") String runName;
    @Parameters(index = "1..*", paramLabel = "JOB", description = "jobs (or phases, or groups) to cancel; none: the whole run") List<String> jobs = new ArrayList<>();

    @Override
    int execute(BatonClient client) throws InterruptedException, RunRefused {
        return RunRequests.ask(client, dataDir.find(client, runName), jobs, RunRequest.Kind.CANCEL, spec);
    }
}
