package baton.store;

import java.time.Instant;

/** A pipeline definition as it was when a run started. */
public record StoredPipeline(long ref, String pipelineId, String sourcePath, String baseDir, String format,
                             String contentHash, String sourceText, Instant loadedAt) {}
