package baton.engine.plan;

import baton.format.LoadException;
import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import baton.store.RunStore;
import baton.store.StoredPipeline;

import java.nio.file.Path;

/**
 * The exact definition a run was started with, parsed again from the text stored with it: what
 * retry, resume and the history read, never the file as it is now.
 */
public final class StoredDefinition {
    private StoredDefinition() {}

    /** Throws {@link LoadException} when this Baton no longer reads the stored text (a newer format rule). */
    public static LoadedPipeline of(RunStore store, long pipelineRef) throws LoadException {
        StoredPipeline sp = store.pipeline(pipelineRef);
        return PipelineLoader.parse(sp.sourcePath(), sp.sourceText(), sp.baseDir());
    }

    /** Whether the file (or folder of scripts) the definition was read from now reads differently, or is gone. */
    public static boolean changed(RunStore store, long pipelineRef) {
        StoredPipeline sp = store.pipeline(pipelineRef);
        try {
            return !PipelineLoader.load(Path.of(sp.sourcePath())).contentHash().equals(sp.contentHash());
        } catch (LoadException e) {
            return true; // it no longer loads: that is a change too
        }
    }
}
