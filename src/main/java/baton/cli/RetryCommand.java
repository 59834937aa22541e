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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "retry", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton retry last baskets"}, description = "Run again, in the same run, the failed/cancelled/blocked jobs (or the named ones) and what depends on them.")
final class RetryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN") String runName;
    @Parameters(index = "1..*", paramLabel = "JOB", description = "jobs to run again (default: every failed, timed-out, cancelled and blocked one)") List<String> jobs = new ArrayList<>();
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
                List<String> plan = engine.retryPlan(run.id(), jobs);
                live = engine.retry(run.id(), jobs, List.of(RunCommand.notesTo(spec.commandLine().getErr())));
                spec.commandLine().getErr().println("baton: retrying " + plan.size() + " job(s) of " + run.id() + ": " + String.join(", ", plan.size() > 20 ? plan.subList(0, 20) : plan)
                        + (plan.size() > 20 ? ", …" : ""));
            } catch (RunRefused e) {
                spec.commandLine().getErr().println("baton: " + e.getMessage());
                return BatonCli.USAGE;
            }
            return RunCommand.finish(engine, List.of(live), json, spec);
        }
    }
}
