package baton.service;

import baton.client.BatonVersion;
import baton.client.LineChannel;
import baton.client.Wire;
import baton.engine.RunEvent;
import baton.model.RunId;
import baton.model.RunStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client of the service, served on a virtual thread of its own: a hello (same protocol and
 * build, or a refusal in words), then requests answered in order. Events of the runs it follows
 * are written between the replies. A message that is not JSON, or too long, gets an error and
 * the connection is dropped; the service goes on serving the others.
 */
final class ClientConnection {
    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

    private final Service service;
    private final SocketChannel channel;
    private final LineChannel lines;
    /** Runs this client started and did not detach: cancelled if it goes away before they end. */
    private final Set<RunId> foreground = ConcurrentHashMap.newKeySet();
    /**
     * What is to be written, in order: replies and events. The coordinators that publish events
     * only put them here, so a client that reads slowly never holds up a run; one that falls
     * {@link #MAX_BEHIND} messages behind is dropped.
     */
    private final java.util.concurrent.BlockingQueue<Object> outbox = new java.util.concurrent.LinkedBlockingQueue<>();
    static final int MAX_BEHIND = 200_000;
    private volatile boolean open = true;

    ClientConnection(Service service, SocketChannel channel) {
        this.service = service;
        this.channel = channel;
        this.lines = new LineChannel(Channels.newInputStream(channel), Channels.newOutputStream(channel));
        Thread.ofVirtual().name("baton-client-writer").start(this::writeLoop);
    }

    private void writeLoop() {
        try {
            while (open || !outbox.isEmpty()) {
                Object m = outbox.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (m == null) continue;
                if (m instanceof List<?> events) {
                    ObjectNode n = Wire.MAPPER.createObjectNode();
                    ArrayNode list = n.putArray("events");
                    for (Object e : events) list.add(Wire.event((RunEvent) e));
                    m = n;
                }
                lines.send(m);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "a client stopped listening", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open = false;
            closeChannel();
        }
    }

    void serve() {
        try {
            if (!hello(lines.receive())) return;
            while (open) {
                JsonNode m = lines.receive();
                ObjectNode reply = service.requests().handle(this, m);
                send(reply);
                if ("stop".equals(m.path("op").asText()) && reply.has("result")) service.closeSoon();
            }
        } catch (EOFException e) {
            LOG.log(System.Logger.Level.DEBUG, "a client went away");
        } catch (LineChannel.TooLong | LineChannel.NotJson e) {
            LOG.log(System.Logger.Level.INFO, "dropping a client that sent " + e.getMessage());
            send(error(null, "bad_request", e.getMessage() + ": the connection is closed"));
        } catch (IOException e) {
            if (open) LOG.log(System.Logger.Level.DEBUG, "a client's connection broke", e);
        } finally {
            close();
            service.gone(this);
        }
    }

    private boolean hello(JsonNode m) {
        String version = m.path("version").asText("");
        int protocol = m.path("protocol").asInt(-1);
        if (!"hello".equals(m.path("op").asText())) {
            send(error(null, "bad_request", "the first message must be a hello"));
            return false;
        }
        if (!"*".equals(version) && (protocol != Wire.PROTOCOL || !version.equals(BatonVersion.build()))) {
            ObjectNode e = error(null, "version", "this service is Baton " + BatonVersion.build() + " (protocol " + Wire.PROTOCOL
                    + "); the client is " + (version.isEmpty() ? "of an unknown version" : version) + " (protocol " + protocol + ")");
            ObjectNode detail = (ObjectNode) e.get("error");
            detail.put("version", BatonVersion.build()).put("protocol", Wire.PROTOCOL).put("live_runs", service.engine().liveRuns().size());
            send(e);
            return false;
        }
        ObjectNode reply = Wire.MAPPER.createObjectNode();
        reply.set("hello", Wire.tree(service.status()));
        send(reply);
        return true;
    }

    Set<RunId> foreground() {
        return foreground;
    }

    void sendEvents(List<RunEvent> events) {
        if (!events.isEmpty()) enqueue(List.copyOf(events));
    }

    void sendEnded(RunId run, RunStatus status) {
        send(Wire.MAPPER.createObjectNode().put("ended", run.value()).put("status", status.wire()));
    }

    static ObjectNode error(JsonNode id, String kind, String message) {
        ObjectNode m = Wire.MAPPER.createObjectNode();
        if (id != null) m.set("re", id);
        m.putObject("error").put("kind", kind).put("message", message);
        return m;
    }

    private void send(ObjectNode m) {
        enqueue(m);
    }

    private void enqueue(Object m) {
        if (!open) return;
        if (outbox.size() >= MAX_BEHIND) {
            LOG.log(System.Logger.Level.WARNING, "a client fell " + MAX_BEHIND + " messages behind: dropping it");
            open = false;
            closeChannel();
            return;
        }
        outbox.add(m);
    }

    /** Stops taking requests; what is already queued is still written (the refusal that closes a bad client). */
    void close() {
        open = false;
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a client's connection", e);
        }
    }
}
