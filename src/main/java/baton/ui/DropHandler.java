package baton.ui;

import baton.engine.RunOptions;
import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import javafx.scene.Scene;
import javafx.scene.input.TransferMode;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Files dropped on the window. A folder or one pipeline file (or script) opens; files dropped on
 * an open pipeline that takes input start one run each, once the pipeline is trusted, when each
 * matches its {@code input} patterns and is text; anything else (several pipelines, a binary, a
 * file too big, an input it does not take) is refused with a reason on the status line.
 * The files are looked at off the FX thread.
 */
final class DropHandler {
    /** What a drop comes to. */
    sealed interface Drop {
        record Open(Path file) implements Drop {}

        record RunEach(List<Path> inputs) implements Drop {}

        record Refused(String why) implements Drop {}
    }

    private static final int SNIFF_BYTES = 4096;

    private final MainViewModel vm;
    private final TrustGate trust;
    private final DialogService dialogs;

    DropHandler(MainViewModel vm, TrustGate trust, DialogService dialogs) {
        this.vm = vm;
        this.trust = trust;
        this.dialogs = dialogs;
    }

    /** Takes drops of files anywhere on the scene. */
    void attach(Scene scene) {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            boolean files = e.getDragboard().hasFiles();
            if (files) dropped(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            e.setDropCompleted(files);
            e.consume();
        });
    }

    void dropped(List<Path> files) {
        LoadedPipeline open = vm.pipelineProperty().get();
        List<String> input = open == null ? List.of() : open.definition().input();
        vm.calls().work(() -> decide(files, input)).thenAccept(drop -> {
            switch (drop) {
                case Drop.Open o -> vm.open(o.file(), () -> {});
                case Drop.RunEach r -> trust.whenTrusted(open, () -> startOnePerInput(open, r.inputs()));
                case Drop.Refused r -> vm.say(r.why());
            }
        }).exceptionally(OffFxThread.logged("cannot take the dropped files"));
    }

    /**
     * Off the FX thread: what the dropped files come to, given the open pipeline's {@code input}
     * patterns (none: it takes no input file). Input files must match a pattern and be text: one
     * that is not refuses the whole drop, so a stray file in a batch starts nothing.
     */
    static Drop decide(List<Path> files, List<String> inputPatterns) {
        if (files.size() == 1 && Files.isDirectory(files.getFirst())) {
            // a folder: its numbered scripts in run-parts order, or the pipeline file it holds
            return new Drop.Open(files.getFirst());
        }
        if (!inputPatterns.isEmpty() && files.stream().noneMatch(DropHandler::looksLikePipeline) && files.stream().noneMatch(Files::isDirectory)) {
            List<Path> inputs = files.stream().filter(Files::isRegularFile).toList();
            for (Path f : inputs) {
                String why = notAnInput(f, inputPatterns);
                if (why != null) return new Drop.Refused("Nothing was started: " + f.getFileName() + " " + why);
            }
            return new Drop.RunEach(inputs);
        }
        if (files.size() != 1) return new Drop.Refused("Drop one pipeline file at a time (" + files.size() + " were dropped)");
        Path f = files.getFirst();
        String reason = notAPipeline(f);
        return reason == null ? new Drop.Open(f) : new Drop.Refused(f.getFileName() + ": " + reason);
    }

    /** A quick look before loading: big files and binaries are refused with a reason (null: worth loading). */
    static String notAPipeline(Path f) {
        try {
            long size = Files.size(f);
            if (size > PipelineLoader.MAX_FILE_BYTES) return "is too big to be a pipeline (" + (size >> 20) + " MB)";
            return isBinary(f) ? "is a binary file, not a pipeline" : null;
        } catch (IOException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
    }

    /** Why a dropped file is not an input of a pipeline taking {@code patterns} (null: it is one). */
    static String notAnInput(Path f, List<String> patterns) {
        String wanted = String.join(", ", patterns);
        boolean matches = patterns.stream().anyMatch(p -> FileSystems.getDefault().getPathMatcher("glob:" + p).matches(f.getFileName()));
        if (!matches) return "does not match the pipeline's input (" + wanted + ")";
        try {
            return isBinary(f) ? "is a binary file; the pipeline takes text input (" + wanted + ")" : null;
        } catch (IOException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
    }

    /** A NUL byte near the start: what text files do not have. */
    private static boolean isBinary(Path f) throws IOException {
        byte[] head = new byte[SNIFF_BYTES];
        try (InputStream in = Files.newInputStream(f)) {
            int n = in.readNBytes(head, 0, head.length);
            for (int i = 0; i < n; i++) if (head[i] == 0) return true;
        }
        return false;
    }

    private static boolean looksLikePipeline(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json") || n.equals("cascade.md") || n.equals("roadmap.md");
    }

    private void startOnePerInput(LoadedPipeline p, List<Path> inputs) {
        for (Path f : inputs) {
            vm.start(p, new RunOptions(Map.of(), Set.of(), Set.of(), f.toString(), null, false, System.getProperty("user.name")))
                    .exceptionally(e -> {
                        dialogs.error("The run did not start", OffFxThread.causeOf(e).getMessage());
                        return null;
                    });
        }
        vm.say("Starting " + inputs.size() + " run(s), one per dropped file");
    }
}
