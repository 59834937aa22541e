/**
 * What the command line and the window ask of Baton, and how they reach the background service
 * that owns a data directory: {@link baton.client.BatonClient} (the questions and orders),
 * {@link baton.client.RemoteClient} (the same over the service's Unix-domain socket),
 * {@link baton.client.ServiceConnector} (find the service, or start one detached) and
 * {@link baton.client.Wire} (the JSON-lines protocol, docs/service.md).
 * <p>
 * May use {@code model} and the engine's value types (options, events, refusals); never the store,
 * the YAML readers or JavaFX, so a client verb starts without loading them.
 */
package baton.client;
