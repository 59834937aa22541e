package baton.ui;

import baton.engine.Engine;
import baton.engine.RunOptions;
import baton.format.PipelineLoader;
import baton.model.JobStatus;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.GanttModel;
import baton.ui.gantt.impl.GanttChartSkin;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Window benchmarks (run under Xvfb with scripts/gui-bench.sh): Gantt paint time with 10,000
 * jobs while zooming and panning, the longest FX-thread stall during a live run with thousands of
 * state changes per second, and opening the end of a 1 GB log.
 */
public final class GuiBench {
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "gui-bench-");
        Platform.startup(() -> {});
        StringBuilder report = new StringBuilder();
        report.append(gantt10k());
        report.append(liveRunStalls(work));
        report.append(bigLog(work));
        System.out.println(report);
        Files.writeString(Path.of("target/gui-bench-result.md"), report.toString());
        Runtime.getRuntime().halt(0);
    }

    static String gantt10k() throws Exception {
        GanttModel m = new GanttModel();
        long t0 = System.currentTimeMillis();
        for (int i = 0; i < 10_000; i++) {
            String id = "job-" + i;
            m.addRow(id, "phase-" + (i / 100), "lane-" + (i / 100));
            long s = t0 + (i / 2) * 40L;
            m.moved(id, JobStatus.QUEUED, 0, s);
            m.moved(id, JobStatus.RUNNING, 1, s + 5);
            if (i % 17 == 0) {
                m.moved(id, JobStatus.RETRYING, 1, s + 30);
                m.moved(id, JobStatus.QUEUED, 1, s + 60);
                m.moved(id, JobStatus.RUNNING, 2, s + 61);
            }
            m.moved(id, JobStatus.SUCCEEDED, 2, s + 80);
        }
        CompletableFuture<GanttChart> shown = new CompletableFuture<>();
        Platform.runLater(() -> {
            GanttChart chart = new GanttChart();
            chart.setModel(m);
            Stage stage = new Stage();
            stage.setScene(new Scene(chart, 1400, 900));
            stage.show();
            chart.fit();
            shown.complete(chart);
        });
        GanttChart chart = shown.get(30, TimeUnit.SECONDS);
        Thread.sleep(1000);
        List<Double> paints = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int step = i;
            CompletableFuture<Void> done = new CompletableFuture<>();
            Platform.runLater(() -> {
                switch (step % 4) {
                    case 0 -> chart.zoom(1.3);
                    case 1 -> chart.timeOffsetProperty().set(chart.timeOffsetProperty().get() + 300 * chart.msPerPixelProperty().get());
                    case 2 -> chart.rowOffsetProperty().set((step * 997L) % (10_000 * 22L));
                    default -> chart.zoom(1 / 1.25);
                }
                done.complete(null);
            });
            done.get();
            Thread.sleep(20); // one or two pulses: the skin paints on the next one
            paints.add(GanttChartSkin.lastPaintNanos / 1e6);
        }
        Collections.sort(paints);
        return String.format(Locale.ROOT, "Gantt, 10,000 jobs in 100 lanes, 300 zoom/pan/scroll steps: paint median %.2f ms, p95 %.2f ms, max %.2f ms%n",
                paints.get(paints.size() / 2), paints.get(paints.size() * 95 / 100), paints.getLast());
    }

    static String liveRunStalls(Path work) throws Exception {
        StringBuilder y = new StringBuilder("pipeline: flood\nphases:\n");
        for (int i = 0; i < 3000; i++) y.append("  - id: j").append(i).append("\n    run: \"true\"\n");
        Path file = Files.writeString(work.resolve("flood.yaml"), y.toString());
        Engine engine = Engine.open(work.resolve("data"));
        var background = Executors.newVirtualThreadPerTaskExecutor();
        MainViewModel vm = new MainViewModel(new LocalEngineCalls(engine), background, Platform::runLater);
        List<Long> gaps = Collections.synchronizedList(new ArrayList<>());
        long[] last = {0};
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                Stage stage = new Stage();
                BatonApp.show(stage, vm);
                new AnimationTimer() {
                    @Override
                    public void handle(long now) {
                        if (last[0] != 0) gaps.add(now - last[0]);
                        last[0] = now;
                    }
                }.start();
                vm.start(PipelineLoader.load(file), new RunOptions(null, null, null, null, 2, false, "bench"))
                        .whenComplete((id, e) -> {
                            if (e != null) started.completeExceptionally(e);
                            else started.complete(null);
                        });
            } catch (Exception e) {
                started.completeExceptionally(e);
            }
        });
        started.get(30, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        gaps.clear();
        MainController.maxDrainNanos = 0;
        GanttChartSkin.maxPaintNanos = 0;
        while (vm.liveRunCount() > 0 && System.nanoTime() - t0 < 120_000_000_000L) Thread.sleep(100);
        double secs = (System.nanoTime() - t0) / 1e9;
        var changes = engine.stateChanges(engine.runs(1).getFirst().id(), 0).size();
        List<Long> g;
        synchronized (gaps) {
            g = new ArrayList<>(gaps);
        }
        Collections.sort(g);
        return String.format(Locale.ROOT, "Live run in the window, 3,000 jobs, %d state changes in %.1f s (%.0f per second): "
                        + "FX frame gap median %.1f ms, p99 %.1f ms, max %.1f ms; longest event batch applied in one frame %.1f ms; "
                        + "longest Gantt paint %.1f ms%n",
                changes, secs, changes / secs, g.get(g.size() / 2) / 1e6, g.get(g.size() * 99 / 100) / 1e6, g.getLast() / 1e6,
                MainController.maxDrainNanos / 1e6, GanttChartSkin.maxPaintNanos / 1e6);
    }

    static String bigLog(Path work) throws Exception {
        Path log = work.resolve("big.log");
        byte[] line = ("o " + "x".repeat(100) + "\n").getBytes(StandardCharsets.UTF_8);
        long target = 1L << 30;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 20)) {
            for (long n = 0; n < target; n += line.length) out.write(line);
        }
        System.gc();
        Thread.sleep(300);
        long heapBefore = used();
        var background = Executors.newVirtualThreadPerTaskExecutor();
        LogViewModel lvm = new LogViewModel(background, Platform::runLater);
        long t0 = System.nanoTime();
        CompletableFuture<Double> shown = new CompletableFuture<>();
        Platform.runLater(() -> {
            lvm.lines().addListener((javafx.collections.ListChangeListener<LogLine>) c -> {
                if (!lvm.lines().isEmpty() && !shown.isDone()) shown.complete((System.nanoTime() - t0) / 1e6);
            });
            lvm.show(log);
        });
        double ms = shown.get(30, TimeUnit.SECONDS);
        long heapAfter = used();
        int lines = lvm.lines().size();
        Files.delete(log);
        return String.format(Locale.ROOT, "1 GB log: its end shown in %.0f ms (%d lines loaded); heap %+.1f MB%n", ms, lines,
                (heapAfter - heapBefore) / 1048576.0);
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
