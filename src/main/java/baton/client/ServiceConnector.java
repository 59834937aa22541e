package baton.client;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the data directory's service, or starts one: a Java process in its own session (so it
 * outlives this client and its terminal), which takes the data directory's lock; when two
 * clients race, the second service finds the lock taken and leaves, and both clients connect to
 * the first. A service of another build with no live run is asked to stop and replaced; one
 * with live runs is reported in plain words.
 */
public final class ServiceConnector {
    private static final System.Logger LOG = System.getLogger(ServiceConnector.class.getName());
    /** How long a new service may take to listen: a JVM start, H2 open and recovery on a slow, busy machine. */
    static final Duration START_WITHIN = Duration.ofSeconds(30);

    private ServiceConnector() {}

    /** How a client brings up a service when none listens: by default a detached process of its own. */
    @FunctionalInterface
    public interface Starter {
        /** Begins starting the service of {@code address}; what it returns tells when starting has failed. */
        Starting start(ServiceAddress address, Map<String, String> env);
    }

    /** A service on its way up. */
    @FunctionalInterface
    public interface Starting {
        /** Why the service could not start, once that is known; null while it may still come up. */
        String failure();
    }

    private static final Starter DETACHED_PROCESS = ServiceConnector::spawn;
    private static volatile Starter starter = DETACHED_PROCESS;

    /** Replaces how services are started (tests start them in their own JVM); null restores the detached process. */
    public static void useStarter(Starter s) {
        starter = s == null ? DETACHED_PROCESS : s;
    }

    /**
     * Connects to the service of {@code dataDir}, starting one when none listens; the runs the
     * client orders take {@code env} for their jobs.
     */
    public static RemoteClient connect(Path dataDir, Map<String, String> env) {
        return reach(dataDir, env).withEnvironment(env);
    }

    private static RemoteClient reach(Path dataDir, Map<String, String> env) {
        ServiceAddress address = ServiceAddress.of(dataDir);
        checkOwner(address.dataDir());
        try {
            return RemoteClient.connect(address);
        } catch (RemoteClient.VersionMismatch v) {
            replaceOtherBuild(address, v);
        } catch (ConnectException | NoSuchFileException e) {
            LOG.log(System.Logger.Level.DEBUG, "no service listens at " + address.socket() + ": starting one");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "the service at " + address.socket() + " did not answer: starting one", e);
        }
        return awaitService(address, starter.start(address, env));
    }

    /** Connects to a service that is already there; empty when none is (for {@code baton service status|stop}). */
    public static java.util.Optional<RemoteClient> connectIfRunning(Path dataDir) {
        ServiceAddress address = ServiceAddress.of(dataDir);
        checkOwner(address.dataDir());
        try {
            return java.util.Optional.of(RemoteClient.connect(address));
        } catch (RemoteClient.VersionMismatch v) {
            throw new ServiceUnavailable(mismatchText(address, v));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static void checkOwner(Path dataDir) {
        if (!Files.exists(dataDir)) return;
        try {
            java.util.Optional<Object> other = ServiceAddress.otherOwner(dataDir);
            if (other.isPresent()) {
                throw new ServiceUnavailable("the data directory " + dataDir + " belongs to another user (uid " + other.get()
                        + "): use your own with --data-dir or BATON_HOME");
            }
        } catch (UnsupportedOperationException | IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot tell the owner of " + dataDir + "; the service will check its lock", e);
        }
    }

    private static void replaceOtherBuild(ServiceAddress address, RemoteClient.VersionMismatch v) {
        if (v.liveRuns > 0) throw new ServiceUnavailable(mismatchText(address, v));
        try (RemoteClient old = RemoteClient.connectAnyVersion(address)) {
            old.stopService(false);
        } catch (Exception e) {
            throw new ServiceUnavailable(mismatchText(address, v) + " (asking it to stop failed: " + e.getMessage() + ")");
        }
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until && Files.exists(address.socket())) sleep(50);
    }

    private static String mismatchText(ServiceAddress address, RemoteClient.VersionMismatch v) {
        return "the Baton service of " + address.dataDir() + " is another build (" + v.version + ", this is " + BatonVersion.build()
                + ") and has " + v.liveRuns + " live run" + (v.liveRuns == 1 ? "" : "s")
                + ": let them end (it then stops by itself), or end them with 'baton service stop --cancel-runs'";
    }

    private static Starting spawn(ServiceAddress address, Map<String, String> env) {
        List<String> cmd = serviceCommand(address);
        if (baton.engine.exec.DetachedProcess.available()) {
            try {
                return spawnDetached(cmd, env, address);
            } catch (IOException e) {
                // no temporary folder to write its stderr to, say: ProcessBuilder starts it as well, only slower to leave
                LOG.log(System.Logger.Level.DEBUG, "posix_spawn of the service failed (" + e.getMessage() + "): trying ProcessBuilder");
            }
        }
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) cmd.addFirst("/usr/bin/setsid");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.PIPE);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ServiceUnavailable("cannot start the Baton service for " + address.dataDir() + ": " + e.getMessage());
        }
        return () -> p.isAlive() || p.exitValue() == 0 ? null : startFailure(address, readAll(p), p.exitValue());
    }

    /**
     * Linux: the service starts in a session of its own through posix_spawn, so this client
     * neither holds a pipe to it nor keeps a JDK reaper thread waiting on it, and exits at once
     * when its verb is done (with a ProcessBuilder child the JVM waits some 300 ms at exit).
     */
    private static Starting spawnDetached(List<String> cmd, Map<String, String> env, ServiceAddress address) throws IOException {
        baton.engine.exec.DetachedProcess p = baton.engine.exec.DetachedProcess.start(cmd, env);
        return () -> {
            Integer code = p.exitCode();
            return code == null || code == 0 ? null : startFailure(address, p.stderr(), code);
        };
    }

    /** Why a service that ended at its start did so: what it said on stderr (a person's message), else its exit code. */
    private static String startFailure(ServiceAddress address, String stderr, int exitCode) {
        String said = stderr.lines().filter(l -> !l.isBlank() && !l.startsWith("WARNING:")).collect(java.util.stream.Collectors.joining("; "));
        return said.isBlank() ? "the Baton service for " + address.dataDir() + " could not start: exit " + exitCode : said;
    }

    /** The command that runs the service of {@code address} as this client runs (jar, installed launcher or classes). */
    private static List<String> serviceCommand(ServiceAddress address) {
        return serviceCommand(address, ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                ownJar());
    }

    /** As {@link #serviceCommand(ServiceAddress)} from the program {@code self} (this process's) and {@code jar} (Baton's, if it runs from one). */
    static List<String> serviceCommand(ServiceAddress address, String self, java.util.Optional<Path> jar) {
        List<String> cmd = new ArrayList<>();
        if (!Path.of(self).getFileName().toString().equals("java")) {
            // the installed app's launchers (jpackage) start their JVM with the app's own options
            // (the AOT cache among them) and take only Baton's arguments; the service runs under
            // 'baton', the verbs' launcher, whose cache holds it, also when the window starts it
            Path launcher = Path.of(self);
            if (launcher.getFileName().toString().equals("baton-window") && Files.isExecutable(launcher.resolveSibling("baton"))) {
                launcher = launcher.resolveSibling("baton");
            }
            cmd.add(launcher.toString());
        } else if (jar.isPresent()) {
            cmd.add(self);
            cmd.addAll(serviceJvmOptions(jar));
            // as people start Baton (the jar's manifest grants native access), so the AOT cache fits
            cmd.add("-jar");
            cmd.add(jar.get().toString());
        } else {
            cmd.add(self);
            cmd.addAll(serviceJvmOptions(jar));
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("baton.app.Main");
        }
        cmd.add("service");
        cmd.add("run");
        cmd.add("--data-dir");
        cmd.add(address.dataDir().toString());
        return cmd;
    }

    /**
     * The service is long-lived and mostly waits. C1 alone: on two cores C2's compiler threads
     * took the CPU the jobs wanted, so a 2,000-job run cost 8 s of service CPU with the tiered
     * JIT and 4.9 s with C1, and later runs 5.5 s against 3.4 s (docs/benchmarks.md); the serial
     * GC keeps its footprint small. The ahead-of-time cache built beside the jar
     * (target/baton.aot, or the installed app's) makes its start cheap, and is ignored, silently,
     * when it was built for another jar or JVM.
     */
    static List<String> serviceJvmOptions(java.util.Optional<Path> jar) {
        List<String> o = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Dbaton.role=service"));
        jar.map(j -> j.resolveSibling("baton.aot")).filter(Files::isRegularFile)
                .ifPresent(cache -> o.addAll(List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off")));
        return o;
    }

    /** The jar this class came from, when Baton runs from one (not from a build's classes folder). */
    static java.util.Optional<Path> ownJar() {
        try {
            var source = ServiceConnector.class.getProtectionDomain().getCodeSource();
            if (source == null) return java.util.Optional.empty();
            Path jar = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(jar) && jar.toString().endsWith(".jar") ? java.util.Optional.of(jar) : java.util.Optional.empty();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static RemoteClient awaitService(ServiceAddress address, Starting starting) {
        long until = System.nanoTime() + START_WITHIN.toNanos();
        IOException last = null;
        while (System.nanoTime() < until) {
            try {
                return RemoteClient.connect(address);
            } catch (RemoteClient.VersionMismatch v) {
                throw new ServiceUnavailable(mismatchText(address, v));
            } catch (IOException e) {
                last = e;
            }
            String failure = starting.failure();
            if (failure != null) throw new ServiceUnavailable(failure);
            sleep(20);
        }
        String holder = lockHolder(address);
        if (holder != null) {
            throw new ServiceUnavailable("a Baton service (pid " + holder + ") holds " + address.dataDir() + " but does not answer at "
                    + address.socket() + ": end it ('kill " + holder + "'; its runs are then resumable) and try again; its log is in "
                    + address.dataDir().resolve("logs"));
        }
        throw new ServiceUnavailable("the Baton service for " + address.dataDir() + " did not listen within " + START_WITHIN.toSeconds()
                + " s (" + (last == null ? "no answer" : last.getMessage()) + "); its log is in " + address.dataDir().resolve("logs"));
    }

    /** The pid a live service wrote in the data directory's lock file, when that process still runs; else null. */
    private static String lockHolder(ServiceAddress address) {
        try {
            String pid = Files.readString(address.lock()).strip();
            if (pid.isEmpty()) return null;
            return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive).map(h -> pid).orElse(null);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static String readAll(Process p) {
        try {
            return new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailable("interrupted while waiting for the Baton service");
        }
    }
}
