package baton.format;

import baton.model.PipelineDef;

/**
 * A definition together with the exact text it came from, so a run can keep what it ran
 * and retry or resume it even after the file changed.
 */
public record LoadedPipeline(PipelineDef definition, String sourcePath, String sourceText, PipelineFormat format, String contentHash) {}
