package baton.cli;

import baton.client.RemoteClient;
import baton.client.ServiceConnector;
import baton.client.ServiceStatus;
import baton.engine.RunRefused;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "service", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE,
        footer = {"  baton service status", "  baton service config max_jobs=4", "  baton service stop --cancel-runs"},
        description = "The data directory's background service, which runs every run and answers every verb: show it, stop it, or set how many jobs it runs at once.",
        subcommands = {ServiceCommand.Status.class, ServiceCommand.Stop.class, ServiceCommand.Config.class})
final class ServiceCommand implements Runnable {
    @ParentCommand BatonCli root;
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name what to do: status, stop or config");
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the service: its process, live runs, clients and job slots.")
    static final class Status implements Callable<Integer> {
        @Mixin DataDir dataDir;
        @ParentCommand ServiceCommand parent;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            Path data = dataDir.path();
            PrintWriter out = spec.commandLine().getOut();
            Optional<RemoteClient> c = ServiceConnector.connectIfRunning(data);
            if (c.isEmpty()) {
                out.println("no service is running for " + data + " (a verb that needs one starts it)");
                return BatonCli.OK;
            }
            try (RemoteClient client = c.get()) {
                ServiceStatus s = client.status();
                out.println("service " + s.pid() + " (Baton " + s.version() + ", protocol " + s.protocol() + ") serves " + s.dataDir());
                out.println("  up for " + Text.duration(s.startedAt(), Instant.now()) + "; " + s.clients() + " client" + (s.clients() == 1 ? "" : "s")
                        + " connected (this one included)");
                out.println("  live runs: " + (s.liveRuns().isEmpty() ? "none" : String.join(", ", s.liveRuns().stream().map(Object::toString).toList())));
                out.println("  jobs running: " + s.slotsInUse() + (s.maxJobs() > 0 ? " of max_jobs " + s.maxJobs() : " (no max_jobs: each run's concurrency limits it)"));
            }
            return BatonCli.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the service; refused while runs are live unless --cancel-runs.")
    static final class Stop implements Callable<Integer> {
        @Option(names = "--cancel-runs", description = "cancel the live runs first (they end as cancelled), then stop") boolean cancelRuns;
        @Mixin DataDir dataDir;
        @ParentCommand ServiceCommand parent;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            Path data = dataDir.path();
            PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
            Optional<RemoteClient> c = ServiceConnector.connectIfRunning(data);
            if (c.isEmpty()) {
                out.println("no service is running for " + data);
                return BatonCli.OK;
            }
            long pid;
            try (RemoteClient client = c.get()) {
                pid = client.hello().pid();
                client.stopService(cancelRuns);
            } catch (RunRefused e) {
                err.println("baton: " + e.getMessage());
                return BatonCli.FAILED;
            }
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isPresent()) {
                try {
                    p.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    err.println("baton: the service " + pid + " was asked to stop but is still there after 30 s");
                    return BatonCli.FAILED;
                }
            }
            out.println("stopped the service " + pid + " of " + data);
            return BatonCli.OK;
        }
    }

    @Command(name = "config", mixinStandardHelpOptions = true, description = "Show the service's settings, or change them (kept in settings.properties in the data directory).")
    static final class Config implements Callable<Integer> {
        @Parameters(paramLabel = "NAME=VALUE", arity = "0..*", description = "a setting to change: max_jobs (jobs running at once across every run, or none; default: none, each run's concurrency limits it)") List<String> changes = List.of();
        @Mixin DataDir dataDir;
        @ParentCommand ServiceCommand parent;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, String> set = new LinkedHashMap<>();
            for (String c : changes) {
                int eq = c.indexOf('=');
                if (eq < 1) throw new CommandLine.ParameterException(spec.commandLine(), "'" + c + "' is not NAME=VALUE (for example max_jobs=4)");
                set.put(c.substring(0, eq).strip(), c.substring(eq + 1).strip());
            }
            try (RemoteClient client = ServiceConnector.connect(dataDir.path(), parent.root.env)) {
                Map<String, String> now = client.configure(set);
                now.forEach((k, v) -> spec.commandLine().getOut().println(k + "=" + v));
            } catch (RunRefused e) {
                spec.commandLine().getErr().println("baton: " + e.getMessage());
                return BatonCli.USAGE;
            }
            return BatonCli.OK;
        }
    }
}
