package baton.ui;

import baton.engine.RunOptions;
import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import javafx.scene.Scene;
import javafx.scene.input.TransferMode;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Files dropped on the window. A folder or one pipeline file (or script) opens; files dropped on
 * an open pipeline that takes input start one run each, once the pipeline is trusted; anything
 * else (several pipelines, a binary, a file too big) is refused with a reason on the status line.
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
        boolean takesInput = open != null && !open.definition().input().isEmpty();
        vm.calls().work(() -> decide(files, takesInput)).thenAccept(drop -> {
            switch (drop) {
                case Drop.Open o -> vm.open(o.file(), () -> {});
                case Drop.RunEach r -> trust.whenTrusted(open, () -> startOnePerInput(open, r.inputs()));
                case Drop.Refused r -> vm.say(r.why());
            }
        }).exceptionally(OffFxThread.logged("cannot take the dropped files"));
    }

    /** Off the FX thread: what the dropped files come to, given whether the open pipeline takes input files. */
    static Drop decide(List<Path> files, boolean openTakesInput) {
        if (files.size() == 1 && Files.isDirectory(files.getFirst())) {
            // a folder: its numbered scripts in run-parts order, or the pipeline file it holds
            return new Drop.Open(files.getFirst());
        }
        if (openTakesInput && files.stream().noneMatch(DropHandler::looksLikePipeline) && files.stream().noneMatch(Files::isDirectory)) {
            return new Drop.RunEach(files.stream().filter(Files::isRegularFile).toList());
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
            byte[] head = new byte[(int) Math.min(size, SNIFF_BYTES)];
            try (InputStream in = Files.newInputStream(f)) {
                int n = in.readNBytes(head, 0, head.length);
                for (int i = 0; i < n; i++) if (head[i] == 0) return "is a binary file, not a pipeline";
            }
            return null;
        } catch (IOException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
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
