package baton.client;

import baton.engine.RunOptions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A start as a client asks for it. The client has read and checked the file (so its errors are
 * located where the person typed); the service parses the same text again rather than the file,
 * which may have changed since. {@code inputs} holds one entry per run of the batch (null: no
 * input); {@code limit} is the batch's shared concurrency; {@code roadmapResume} asks the service
 * to skip the groups the latest run finished; {@code env} is the environment the jobs start from;
 * {@code detach} leaves the runs going when this client goes away.
 */
public record StartRequest(PipelineSource pipeline, RunOptions options, List<String> inputs, int limit, boolean roadmapResume,
                           Map<String, String> env, boolean detach) {
    public StartRequest {
        inputs = inputs == null || inputs.isEmpty() ? Collections.singletonList(null) : Collections.unmodifiableList(new ArrayList<>(inputs));
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** A file as loaded by the client: what the service needs to rebuild it without reading the file. */
    public record PipelineSource(String sourcePath, String sourceText, String baseDir, String format, String contentHash, List<String> notes) {}
}
