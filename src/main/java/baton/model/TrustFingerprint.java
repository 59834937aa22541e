package baton.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a person agrees to when they trust a pipeline in the window: the file at this absolute
 * path, with this content, and the files its commands name relative to their working folder
 * ({@code scripts}: path relative to the pipeline's folder → sha256). A copy of a trusted file
 * next to other scripts, or an edit of one of its scripts, is another fingerprint.
 */
public record TrustFingerprint(String sourcePath, String contentHash, Map<String, String> scripts) {

    public TrustFingerprint {
        scripts = Collections.unmodifiableMap(new LinkedHashMap<>(scripts));
    }

    /**
     * What differs from a fingerprint trusted earlier, in words for the person who is asked
     * again; empty when nothing does. {@code trusted} is the one trusted for this path or, when
     * there is none, one trusted for the same content at another path.
     */
    public List<String> changesSince(TrustFingerprint trusted) {
        List<String> changes = new ArrayList<>();
        if (!sourcePath.equals(trusted.sourcePath)) {
            changes.add("a different file (" + sourcePath + ") with the same content as " + trusted.sourcePath + ", which was trusted");
        } else if (!contentHash.equals(trusted.contentHash)) {
            changes.add("the pipeline file changed");
        }
        scripts.forEach((path, hash) -> {
            String before = trusted.scripts.get(path);
            if (before == null) changes.add("new file: " + path);
            else if (!before.equals(hash)) changes.add("changed: " + path);
        });
        trusted.scripts.keySet().stream().filter(path -> !scripts.containsKey(path))
                .forEach(path -> changes.add("no longer there: " + path));
        return changes;
    }
}
