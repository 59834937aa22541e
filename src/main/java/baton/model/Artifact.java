package baton.model;

/** A file a job produced, recorded after it ended (path as found, relative to the job's folder). */
public record Artifact(String path, long size, String sha256, int attempt) {}
