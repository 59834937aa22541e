package baton.cli;

import baton.engine.Engine;
import baton.engine.LiveRun;
import baton.engine.RunRefused;
import baton.model.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

@Command(name = "retry", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton retry last baskets"}, description = "Run again, in the same run, the failed/cancelled/blocked jobs (or the named ones) and what depends on them.")
final class RetryCommand extends EngineVerb {
    @Parameters(index = "0", paramLabel = "RUN") String runName;
    @Parameters(index = "1..*", paramLabel = "JOB", description = "jobs to run again (default: every failed, timed-out, cancelled and blocked one)") List<String> jobs = new ArrayList<>();
    @Option(names = "--json", description = "print the run summary as JSON at the end") boolean json;

    @Override
    int execute(Engine engine) throws InterruptedException, RunRefused {
        RunRecord run = dataDir.find(engine, runName);
        PrintWriter err = spec.commandLine().getErr();
        List<String> plan = engine.retryPlan(run.id(), jobs);
        LiveRun live = engine.retry(run.id(), jobs, List.of(RunCommand.notesTo(err)));
        err.println("baton: retrying " + plan.size() + " job(s) of " + run.id() + ": " + String.join(", ", plan.size() > 20 ? plan.subList(0, 20) : plan)
                + (plan.size() > 20 ? ", …" : ""));
        return RunCommand.finish(engine, List.of(live), json, spec);
    }
}
