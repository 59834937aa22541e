package baton.ui;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * How the window waits for anything slow: engine calls and file work run on the background
 * executor, and their future completes on the FX executor, so what is chained on it (and every
 * property it sets) runs on the FX thread. Tests pass {@code Runnable::run} for both to run a view
 * model on one thread.
 */
public final class OffFxThread {
    /** A question to the engine (or to the service standing in for it). */
    @FunctionalInterface
    public interface Call<T> {
        T on(EngineCalls engine) throws Exception;
    }

    /** Work on files or other slow things that are not the engine. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    private static final System.Logger LOG = System.getLogger("baton.ui");

    private final EngineCalls engine;
    private final Executor background;
    private final Executor fx;

    public OffFxThread(EngineCalls engine, Executor background, Executor fx) {
        this.engine = engine;
        this.background = background;
        this.fx = fx;
    }

    /** Asks the engine off the FX thread; the answer (or what it threw) arrives on the FX thread. */
    public <T> CompletableFuture<T> call(Call<T> call) {
        return work(() -> call.on(engine));
    }

    /** Runs {@code work} off the FX thread; its result (or what it threw) arrives on the FX thread. */
    public <T> CompletableFuture<T> work(Work<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        background.execute(() -> {
            try {
                T value = work.run();
                fx.execute(() -> result.complete(value));
            } catch (Exception | Error e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                fx.execute(() -> result.completeExceptionally(e));
            }
        });
        return result;
    }

    public Executor fx() {
        return fx;
    }

    public Executor background() {
        return background;
    }

    /** For {@code exceptionally}: a failure nobody waits for goes to the log, saying what was being done. */
    public static <T> Function<Throwable, T> logged(String doing) {
        return e -> {
            LOG.log(System.Logger.Level.WARNING, doing + ": " + causeOf(e).getMessage(), causeOf(e));
            return null;
        };
    }

    /** What really went wrong, without the wrappers futures put around it. */
    public static Throwable causeOf(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
        return t;
    }
}
