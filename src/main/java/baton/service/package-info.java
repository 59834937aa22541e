/**
 * The background service of one data directory: the only process that opens its database and
 * drives its runs. It holds the data directory's lock, listens on an owner-only Unix-domain
 * socket ({@link baton.client.ServiceAddress}), answers the JSON-lines protocol of
 * {@link baton.client.Wire} (docs/service.md), streams run events to the clients that follow
 * them, caps running jobs machine-wide ({@link baton.service.ServiceSettings}: max_jobs) and
 * stops by itself when it has had neither a live run nor a client for a while.
 * <p>
 * May use engine, format, store (through the engine), client (the protocol) and model; nothing
 * uses it but {@code app}, which starts it.
 */
package baton.service;
