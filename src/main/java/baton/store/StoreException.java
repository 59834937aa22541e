package baton.store;

/** The store cannot do what was asked; the message is one line meant for a person. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }

    /** The root cause's message, first line only, without the SQL and the driver's error number. */
    public static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = m.indexOf('\n');
        m = nl > 0 ? m.substring(0, nl) : m;
        return m.replaceAll(" \\[[0-9-]+]$", "").replaceAll("; SQL statement:.*", "");
    }
}
