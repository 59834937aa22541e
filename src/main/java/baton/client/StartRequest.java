package baton.client;

import baton.engine.RunOptions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A start as a client asks for it. The client has read and checked the file (so its errors are
 * located where the person typed); the service parses the same text again rather than the file,
 * which may have changed since. {@code inputs} holds one entry per run of the batch (null: no
 * input); {@code limit} is the batch's shared concurrency; {@code roadmapResume} asks the service
 * to skip the groups the latest run finished; {@code detach} leaves the runs going when this client
 * goes away. The client's environment, which the jobs start from, travels beside the request
 * (see {@link RemoteClient}).
 */
public record StartRequest(PipelineSource pipeline, RunOptions options, List<String> inputs, int limit, boolean roadmapResume,
                           boolean detach) {
    public StartRequest {
        inputs = inputs == null || inputs.isEmpty() ? Collections.singletonList(null) : Collections.unmodifiableList(new ArrayList<>(inputs));
    }

    /** A file as loaded by the client: what the service needs to rebuild it without reading the file. */
    public record PipelineSource(String sourcePath, String sourceText, String baseDir, String format, String contentHash, List<String> notes) {
        public static PipelineSource of(baton.format.LoadedPipeline p) {
            return new PipelineSource(p.sourcePath(), p.sourceText(), p.definition().baseDir(), p.format().name(), p.contentHash(), p.notes());
        }

        /** The pipeline again, parsed from the text (not the file, which may have changed), keeping its format and hash (a script's differ from its YAML's). */
        public baton.format.LoadedPipeline load() throws baton.format.LoadException {
            baton.format.LoadedPipeline p = baton.format.PipelineLoader.parse(sourcePath, sourceText, baseDir);
            return new baton.format.LoadedPipeline(p.definition(), sourcePath, sourceText, baton.format.PipelineFormat.valueOf(format), contentHash, notes);
        }
    }

    /** One run of {@code pipeline} with {@code options}, its limit the pipeline's (or the option's), followed until it ends. */
    public static StartRequest of(baton.format.LoadedPipeline pipeline, RunOptions options) {
        int limit = options.concurrency() != null ? options.concurrency() : pipeline.definition().concurrency() != null
                ? pipeline.definition().concurrency() : Runtime.getRuntime().availableProcessors();
        return new StartRequest(PipelineSource.of(pipeline), options, null, limit, false, false);
    }
}
