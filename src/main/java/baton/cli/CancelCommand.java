package baton.cli;

import baton.engine.Engine;
import baton.model.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "cancel", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton cancel r-20261122-0001"}, description = "Cancel a live run (or some of its jobs), whichever terminal or window started it.")
final class CancelCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "the run (as 'baton runs' lists it)") String runName;
    @Parameters(index = "1..*", paramLabel = "JOB", description = "jobs (or phases, or groups) to cancel; none: the whole run") List<String> jobs = new ArrayList<>();
    @Mixin BatonCli.DataDirOption dataDir;
    @ParentCommand BatonCli root;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        try (Engine engine = BatonCli.openEngine(dataDir.resolve(root.env), spec)) {
            return RunRequests.ask(engine, runName, jobs, RunRequest.Kind.CANCEL, spec);
        }
    }
}
