package baton.service;

import baton.client.ServiceAddress;
import baton.engine.Engine;
import baton.engine.LiveRun;
import baton.engine.LogFile;
import baton.engine.RunListener;
import baton.engine.run.SlotPool;
import baton.model.RunId;
import baton.model.RunStatus;
import baton.store.OwnerOnly;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The service of one data directory (see the package). Opening takes the lock first: a second
 * service of the same data directory finds it taken and leaves before touching anything.
 */
public final class Service implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Service.class.getName());

    private final ServiceAddress address;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final Engine engine;
    private final ServerSocketChannel server;
    private final Set<ClientConnection> clients = ConcurrentHashMap.newKeySet();
    private final Set<ClientConnection> watchers = ConcurrentHashMap.newKeySet();
    private final SlotPool machine;
    private final Requests requests;
    private final Duration idleAfter;
    private final Instant startedAt = Instant.now();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("baton-service-ticker").daemon().factory());
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile ServiceSettings settings;
    private volatile long idleSince = System.nanoTime();
    private volatile boolean closing;

    /** Every run's events, for the clients that watch all runs (the window). */
    final RunListener hub = events -> {
        for (ClientConnection c : watchers) c.sendEvents(events);
    };

    private Service(ServiceAddress address, FileChannel lockFile, FileLock lock, Engine engine, ServerSocketChannel server,
                    ServiceSettings settings, Duration idleAfter) {
        this.address = address;
        this.lockFile = lockFile;
        this.lock = lock;
        this.engine = engine;
        this.server = server;
        this.settings = settings;
        this.idleAfter = idleAfter;
        this.machine = new SlotPool(settings.poolSize());
        engine.limitMachine(machine);
        this.requests = new Requests(this, engine);
    }

    /** How long a service with no live run and no client waits before it stops: BATON_SERVICE_IDLE (seconds), else 5 s under CI, else 3 minutes. */
    public static Duration idleAfter(java.util.Map<String, String> env) {
        String s = env.get("BATON_SERVICE_IDLE");
        if (s != null && !s.isBlank()) {
            try {
                return Duration.ofMillis((long) (Double.parseDouble(s.strip()) * 1000));
            } catch (NumberFormatException e) {
                LOG.log(System.Logger.Level.WARNING, "BATON_SERVICE_IDLE=" + s + " is not a number of seconds: using the default");
            }
        }
        return env.containsKey("CI") ? Duration.ofSeconds(5) : Duration.ofMinutes(3);
    }

    /**
     * Takes the data directory's lock, opens its engine (recovering the runs a dead service left) and
     * listens. Empty when another service holds the lock: that one serves the data directory.
     */
    public static Optional<Service> open(Path dataDir, Duration idleAfter) throws IOException {
        ServiceAddress address = ServiceAddress.of(dataDir);
        try {
            OwnerOnly.createDirectories(address.dataDir());
        } catch (IOException e) {
            throw new baton.store.StoreException("cannot create the data directory " + address.dataDir() + ": " + baton.store.StoreException.oneLine(e));
        }
        FileChannel lockFile = FileChannel.open(address.lock(), java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                OwnerOnly.fileAttributes());
        FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldHere) {
            lock = null; // a service in this very JVM holds it (tests, an in-process service)
        }
        if (lock == null) {
            lockFile.close();
            return Optional.empty();
        }
        // who holds it, for a client that finds the lock held and nobody answering
        lockFile.truncate(0);
        lockFile.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 0);
        try {
            LogFile.useDataDir(address.dataDir());
            ServiceSettings settings = ServiceSettings.read(address.dataDir());
            Engine engine = Engine.open(address.dataDir());
            ServerSocketChannel server = listen(address);
            Service s = new Service(address, lockFile, lock, engine, server, settings, idleAfter);
            LOG.log(System.Logger.Level.INFO, "service " + ProcessHandle.current().pid() + " serves " + address.dataDir() + " at " + address.socket());
            return Optional.of(s);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockFile.close();
            throw e;
        }
    }

    /** Binds the socket (a file left by a dead service is removed: holding the lock proves it is stale) owner-only. */
    private static ServerSocketChannel listen(ServiceAddress address) throws IOException {
        Path dir = address.socket().getParent();
        if (!dir.equals(address.dataDir())) ownShortSocketDir(dir);
        Files.deleteIfExists(address.socket());
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(address.socket()));
        Files.setPosixFilePermissions(address.socket(), PosixFilePermissions.fromString("rw-------"));
        return server;
    }

    private static void ownShortSocketDir(Path dir) throws IOException {
        OwnerOnly.createDirectories(dir);
        Optional<Object> other = ServiceAddress.otherOwner(dir);
        if (other.isPresent() || !Files.getPosixFilePermissions(dir).equals(OwnerOnly.DIR)) {
            throw new IOException(dir + " is not yours alone (owner uid " + Files.getAttribute(dir, "unix:uid") + ", mode "
                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)) + "): remove it, or use a data directory with a shorter path");
        }
    }

    /**
     * Starts a data directory's service in this JVM, serving in the background, instead of as a
     * process of its own: for tests and the AOT training run ({@link baton.client.ServiceConnector#useStarter}).
     */
    public static baton.client.ServiceConnector.Starter inThisJvm(Duration idleAfter) {
        return (address, env) -> {
            try {
                open(address.dataDir(), idleAfter).ifPresent(Service::serveInBackground);
                return () -> null;
            } catch (IOException | RuntimeException e) {
                String why = e.getMessage();
                return () -> why;
            }
        };
    }

    /** Serves until stopped (idle, or asked); the accepting runs on the calling thread. */
    public void serve() {
        ticker.scheduleWithFixedDelay(this::checkIdle, 1, 1, TimeUnit.SECONDS);
        while (!closing) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                if (closing) break;
                LOG.log(System.Logger.Level.WARNING, "accepting a client", e);
                continue;
            }
            ClientConnection c = new ClientConnection(this, ch);
            clients.add(c);
            Thread.ofVirtual().name("baton-client-", 0).start(c::serve);
        }
        awaitStopped();
    }

    /** Serves on a thread of its own (tests, and in-process use); returns at once. */
    public Service serveInBackground() {
        Thread.ofPlatform().name("baton-service-accept").daemon().start(this::serve);
        return this;
    }

    private void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On the ticker, whose executor would swallow what it throws: an Error here must not leave a service that never stops. */
    private void checkIdle() {
        try {
            stopWhenIdle();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "checking whether the service is idle", e);
            if (e instanceof Error) close();
        }
    }

    private void stopWhenIdle() {
        if (!clients.isEmpty() || !engine.liveRuns().isEmpty()) {
            idleSince = System.nanoTime();
            return;
        }
        if (System.nanoTime() - idleSince >= idleAfter.toNanos()) {
            LOG.log(System.Logger.Level.INFO, "no run and no client for " + idleAfter.toSeconds() + " s: stopping");
            close();
        }
    }

    // --- what the requests need ---

    Requests requests() {
        return requests;
    }

    Engine engine() {
        return engine;
    }

    SlotPool machine() {
        return machine;
    }

    ServiceSettings settings() {
        return settings;
    }

    synchronized ServiceSettings configure(java.util.Map<String, String> changes) throws IOException {
        ServiceSettings next = settings.with(changes, "baton service config");
        next.write(address.dataDir());
        settings = next;
        machine.resize(next.poolSize());
        return next;
    }

    baton.client.ServiceStatus status() {
        List<RunId> live = engine.liveRuns().stream().map(LiveRun::id).toList();
        return new baton.client.ServiceStatus(ProcessHandle.current().pid(), baton.client.BatonVersion.build(), baton.client.Wire.PROTOCOL,
                address.dataDir().toString(), startedAt, live, clients.size(), settings.maxJobs(), machine.used());
    }

    void watchAll(ClientConnection c) {
        watchers.add(c);
    }

    /**
     * Tells the client that started a run, and the clients that watch everything, that it ended
     * (they also saw its last RunMoved): once each, also when the starter watches everything.
     */
    void ended(ClientConnection starter, RunId run, RunStatus status) {
        if (!watchers.contains(starter)) starter.sendEnded(run, status);
        for (ClientConnection c : watchers) c.sendEnded(run, status);
    }

    /** A client went away: the runs it started in the foreground end with it (it can no longer be told how they went). */
    void gone(ClientConnection c) {
        clients.remove(c);
        watchers.remove(c);
        for (RunId id : c.foreground()) {
            for (LiveRun r : engine.liveRuns()) {
                if (r.id().equals(id)) {
                    LOG.log(System.Logger.Level.INFO, "the client that started " + id + " in the foreground went away: cancelling it");
                    r.cancel();
                }
            }
        }
        idleSince = System.nanoTime();
    }

    /**
     * Readies a stop: refuses while runs are live unless {@code cancelRuns}, which cancels them and
     * waits for their ends. The caller then answers and calls {@link #closeSoon}.
     */
    void stop(boolean cancelRuns) throws baton.engine.RunRefused {
        List<LiveRun> live = engine.liveRuns();
        if (!live.isEmpty() && !cancelRuns) {
            throw new baton.engine.RunRefused("the service has " + live.size() + " live run" + (live.size() == 1 ? "" : "s") + " ("
                    + String.join(", ", live.stream().map(r -> r.id().value()).toList())
                    + "): wait for them, or stop with --cancel-runs to cancel them first");
        }
        for (LiveRun r : live) r.cancel();
        for (LiveRun r : live) {
            try {
                r.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** Closes once the reply that asked for it is on its way (the connection's queue is written out first). */
    void closeSoon() {
        Thread.ofPlatform().daemon().name("baton-service-stop").start(this::close);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closing) return;
            closing = true;
        }
        // whatever goes wrong on the way (a class gone from a jar an upgrade replaced), the lock is
        // let go and serve() returns, so the process ends and the next client starts a sound one
        try {
            ticker.shutdownNow();
            try {
                server.close();
                Files.deleteIfExists(address.socket());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the socket " + address.socket(), e);
            }
            for (ClientConnection c : clients) c.close();
            endLiveRuns();
            engine.close();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "closing the service", e);
        } finally {
            try {
                lock.release();
                lockFile.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "releasing " + address.lock(), e);
            }
            stopped.countDown();
        }
    }

    /**
     * A service closing with runs live (closed by its owner in this process; idle and asked stops
     * have none by then) cancels them and gives each a while to end, so their jobs do not outlive
     * it and the store records how they ended.
     */
    private void endLiveRuns() {
        List<LiveRun> live = engine.liveRuns();
        for (LiveRun r : live) r.cancel();
        for (LiveRun r : live) {
            try {
                r.done().get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.log(System.Logger.Level.WARNING, "run " + r.id() + " had not ended when the service closed: it will be recovered as interrupted", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public ServiceAddress address() {
        return address;
    }
}
