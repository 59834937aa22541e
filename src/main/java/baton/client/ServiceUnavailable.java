package baton.client;

/**
 * The service cannot be reached or started, or it speaks another version: a one-line reason for
 * the person (the command line prints it and exits 2; nothing was changed).
 */
public final class ServiceUnavailable extends RuntimeException {
    public ServiceUnavailable(String message) {
        super(message);
    }

    public ServiceUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
