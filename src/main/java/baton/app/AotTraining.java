package baton.app;

import baton.cli.BatonCli;
import baton.client.ServiceConnector;
import baton.service.Service;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training run of the JDK's ahead-of-time cache (JEP 483/514/515), run by the build with
 * {@code -XX:AOTCacheOutput}: what a person does first — check a file, run it, list and show the
 * runs, plan one, and, where there is a display, open the window on the file — with the client,
 * the service and the window in this one JVM, so the cache holds the classes (and profiles) all
 * three load. Not a verb: {@code java -XX:AOTCacheOutput=F -jar baton.jar
 * --aot-training} (through the jar, as people start it: the cache records how the JVM was
 * started, and is only used by JVMs started the same way).
 */
final class AotTraining {
    static final String ARG = "--aot-training";

    private AotTraining() {}

    static void run() {
        Path work;
        try {
            work = Files.createTempDirectory("baton-aot-training");
            train(work);
        } catch (IOException e) {
            System.err.println("aot training: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void deleteTree(Path root) {
        try (var all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a file still being written by a job of the training run: the folder stays in the temp directory
        }
    }

    private static void train(Path work) throws IOException {
        Path data = work.resolve("data");
        Path pipeline = Files.writeString(work.resolve("train.baton.yaml"), """
                pipeline: train
                params: { who: world }
                phases:
                  - id: hello
                    run: echo "hello $who"
                  - id: each
                    needs: [hello]
                    foreach: [a, b, c]
                    run: echo "$BATON_ITEM" > "$BATON_OUTPUT"
                  - id: last
                    needs: [each]
                    run: "true"
                """);
        // the other formats a person opens: their readers are classes of their own
        Path cascade = Files.writeString(work.resolve("CASCADE.md"), """
                # Cascade: train
                Worker: `true`

                ## Group: one
                ### T1: first
                - Depends on: none
                ### T2: second
                - Depends on: T1
                """);
        Path roadmap = Files.writeString(work.resolve("ROADMAP.md"), """
                # Roadmap: train
                Worker: `true`
                Gate: `true`

                ## Phase 1: one
                ### Group A: first
                - A1: a task
                """);
        Path script = Files.writeString(work.resolve("step.sh"), """
                #!/bin/sh
                # baton: timeout=1m retries=1
                echo step
                """);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("BATON_HOME", data.toString());
        ServiceConnector.useStarter(Service.inThisJvm(Duration.ofSeconds(1)));
        int failures = 0;
        for (List<String> verb : List.of(List.of("--version"), List.of("validate", pipeline.toString()), List.of("validate", cascade.toString()),
                List.of("validate", roadmap.toString()), List.of("validate", script.toString()), List.of("plan", pipeline.toString()),
                List.of("run", pipeline.toString()), List.of("runs"), List.of("show", "last"), List.of("logs", "last", "hello"),
                List.of("run", pipeline.toString(), "--detach"), List.of("runs", "--json"), List.of("show", "last", "--json"))) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = BatonCli.execute(verb.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), env);
            if (code != 0) {
                failures++;
                System.err.println("aot training: baton " + String.join(" ", verb) + " exited " + code + ": " + err);
            }
        }
        String display = System.getenv("DISPLAY");
        if (display != null && !display.isBlank()) window(pipeline, data);
        // every build trains once: its service stops (its store closed before H2's own exit hook
        // would), and its files go (the cache is written elsewhere, as the JVM exits)
        BatonCli.execute(new String[] {"service", "stop"}, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), env);
        deleteTree(work);
        System.out.println("aot training: " + (failures == 0 ? "done" : failures + " step(s) failed"));
        // the service and its runs end with this JVM; the JVM writes what it learnt as it exits
        System.exit(failures == 0 ? 0 : 1);
    }

    /**
     * The window's start (JavaFX's classes are half of what it loads): shown with the file and
     * its runs, then closed by itself. Where there is no display the cache simply lacks it; a
     * window that never shows ends the training after a minute, with what was learnt until then.
     */
    private static void window(Path pipeline, Path data) {
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(Duration.ofMinutes(1));
                System.err.println("aot training: the window did not show within a minute");
                System.exit(0);
            } catch (InterruptedException e) {
                // the window closed in time
            }
        });
        System.setProperty(baton.ui.BatonApp.TRAINING, "true");
        int code = baton.ui.BatonApp.launchWindow(pipeline.toString(), data);
        watchdog.interrupt();
        if (code != 0) System.err.println("aot training: the window could not open (exit " + code + "): the cache is made without it");
    }
}
