package baton.format;

import baton.model.PipelineDef;

/**
 * A definition together with the exact text it came from, so a run can keep what it ran
 * and retry or resume it even after the file changed. A script or a folder of scripts keeps its
 * equivalent pipeline YAML as {@code sourceText} (what retries read) and the script's own hash
 * as {@code contentHash} (what tells that the file changed); {@code notes} are what loading it
 * wants to say (scripts of a folder left out, a folder standing for its pipeline file).
 */
public record LoadedPipeline(PipelineDef definition, String sourcePath, String sourceText, PipelineFormat format, String contentHash,
                             java.util.List<String> notes) {
    public LoadedPipeline {
        notes = notes == null ? java.util.List.of() : java.util.List.copyOf(notes);
    }

    public LoadedPipeline(PipelineDef definition, String sourcePath, String sourceText, PipelineFormat format, String contentHash) {
        this(definition, sourcePath, sourceText, format, contentHash, java.util.List.of());
    }
}
