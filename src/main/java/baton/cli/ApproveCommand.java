package baton.cli;

import baton.client.BatonClient;
import baton.engine.RunRefused;
import baton.model.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "approve", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton approve last publish", "  baton approve last publish --reject"}, description = "Let a job that waits at an approval checkpoint ('approve:') go on, or --reject it (it fails).")
final class ApproveCommand extends ServiceVerb {
    @Parameters(index = "0", paramLabel = "RUN", description = "the run (as 'baton runs' lists it)") String runName;
    @Parameters(index = "1", paramLabel = "JOB", description = "the job (or phase, or group) awaiting approval") String job;
    @Option(names = "--reject", description = "reject instead: the job fails, and what needs it is blocked") boolean reject;

    @Override
    int execute(BatonClient client) throws InterruptedException, RunRefused {
        return RunRequests.ask(client, dataDir.find(client, runName), List.of(job), reject ? RunRequest.Kind.REJECT : RunRequest.Kind.APPROVE, spec);
    }
}
