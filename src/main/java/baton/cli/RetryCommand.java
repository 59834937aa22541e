package baton.cli;

import baton.client.BatonClient;
import baton.client.RunHandle;
import baton.engine.RunRefused;
import baton.model.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

@Command(name = "retry", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton retry last baskets"}, description = "Run again, in the same run, the failed/cancelled/blocked jobs (or the named ones) and what depends on them.")
final class RetryCommand extends ServiceVerb {
    @Parameters(index = "0", paramLabel = "RUN") String runName;
    @Parameters(index = "1..*", paramLabel = "JOB", description = "jobs to run again (default: every failed, timed-out, cancelled and blocked one)") List<String> jobs = new ArrayList<>();
    @Option(names = "--json", description = "print the run summary as JSON at the end") boolean json;
    @Option(names = "--detach", description = "return at once; the retry goes on in the background service") boolean detach;

    @Override
    int execute(BatonClient client) throws InterruptedException, RunRefused {
        RunRecord run = dataDir.find(client, runName);
        PrintWriter err = spec.commandLine().getErr();
        List<String> plan = client.retryPlan(run.id(), jobs);
        RunCommand.Interrupts ctrlC = detach ? null : RunCommand.Interrupts.install();
        RunHandle live = client.retry(run.id(), jobs, detach, detach ? null : RunCommand.notesTo(err));
        err.println("baton: retrying " + plan.size() + " job(s) of " + run.id() + ": " + String.join(", ", plan.size() > 20 ? plan.subList(0, 20) : plan)
                + (plan.size() > 20 ? ", …" : ""));
        if (detach) return RunCommand.detached(List.of(live), json, spec);
        return RunCommand.finish(client, List.of(live), json, spec, ctrlC);
    }
}
