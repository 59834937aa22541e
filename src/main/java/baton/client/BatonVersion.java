package baton.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This build's version and build stamp, which a client and its service must share. */
public final class BatonVersion {
    private static final Properties PROPS = load();

    private BatonVersion() {}

    /** The release as the package says it (0.1.0, not 0.1.0-SNAPSHOT). */
    public static String release() {
        return PROPS.getProperty("version", "(unknown version)").replace("-SNAPSHOT", "");
    }

    /** The release and the build's time: what the hello compares. */
    public static String build() {
        return release() + "+" + PROPS.getProperty("build", "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BatonVersion.class.getResourceAsStream("/baton/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // built without the resource: the version reads "(unknown version)", which is the truth
        }
        return p;
    }
}
