package baton.model;

/**
 * A file a job produced, recorded after it ended (path as found, relative to the job's folder).
 * A symbolic link is recorded as a link: {@code linkTarget} is where it points (as written in
 * the link), {@code size} is 0 and {@code sha256} null, because following it to hash the target
 * would let a job record (and read) a file that is not its own.
 */
public record Artifact(String path, long size, String sha256, int attempt, String linkTarget) {

    public Artifact(String path, long size, String sha256, int attempt) {
        this(path, size, sha256, attempt, null);
    }

    public static Artifact link(String path, String target, int attempt) {
        return new Artifact(path, 0, null, attempt, target);
    }

    public boolean isLink() {
        return linkTarget != null;
    }
}
