package baton.cli;

import baton.engine.Engine;
import baton.model.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "skip", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton skip last intro"}, description = "Mark a job that has not started (or a phase, or a roadmap group) done without running it; what needs it goes on.")
final class SkipCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "the run (as 'baton runs' lists it)") String runName;
    @Parameters(index = "1", paramLabel = "JOB", description = "the job, phase or group to mark done") String job;
    @Mixin BatonCli.DataDirOption dataDir;
    @ParentCommand BatonCli root;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        try (Engine engine = BatonCli.openEngine(dataDir.resolve(root.env), spec)) {
            return RunRequests.ask(engine, runName, List.of(job), RunRequest.Kind.SKIP, spec);
        }
    }
}
