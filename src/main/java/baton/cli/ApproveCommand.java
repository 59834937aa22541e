package baton.cli;

import baton.engine.Engine;
import baton.model.RunRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "approve", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton approve last publish", "  baton approve last publish --reject"}, description = "Let a job that waits at an approval checkpoint ('approve:') go on, or --reject it (it fails).")
final class ApproveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "the run (as 'baton runs' lists it)") String runName;
    @Parameters(index = "1", paramLabel = "JOB", description = "the job (or phase, or group) awaiting approval") String job;
    @Option(names = "--reject", description = "reject instead: the job fails, and what needs it is blocked") boolean reject;
    @Mixin BatonCli.DataDirOption dataDir;
    @ParentCommand BatonCli root;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        try (Engine engine = BatonCli.openEngine(dataDir.resolve(root.env), spec)) {
            return RunRequests.ask(engine, runName, List.of(job), reject ? RunRequest.Kind.REJECT : RunRequest.Kind.APPROVE, spec);
        }
    }
}
