package baton.format;

/** The kinds of file Baton recognises by content. */
public enum PipelineFormat {
    YAML, JSON, CASCADE, ROADMAP
}
