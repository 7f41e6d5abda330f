package io.heathub.testkit.peers;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server (the JDK's) playing an uplink's backend: it records every request and
 * answers what the test says, per request ({@link Answer}). Requests answered 2xx are the
 * delivered ones.
 */
public final class HttpBackend implements AutoCloseable {
    /** One request as received. */
    public record Request(String method, String path, Map<String, List<String>> headers, byte[] body, int status) {
        /** First value of a header (case-insensitive), or null. */
        public String header(String name) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey() != null && h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
                    return h.getValue().get(0);
                }
            }
            return null;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The status to answer a request with (its body is given). */
    @FunctionalInterface
    public interface Answer {
        int status(String path, byte[] body);
    }

    private final HttpServer server;
    private final List<Request> all = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile Answer answer;

    private HttpBackend(Answer answer) throws IOException {
        this.answer = answer;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "http-backend");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = this.answer.status(exchange.getRequestURI().getPath(), body);
            all.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body, status));
            count.incrementAndGet();
            byte[] reply = (status / 100 == 2 ? "{\"ok\":true}" : "{\"error\":\"status " + status + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    /** Started on a free port of 127.0.0.1. */
    public static HttpBackend start(Answer answer) throws IOException {
        return new HttpBackend(answer);
    }

    /** Answers every later request with {@code next}. */
    public void answer(Answer next) {
        this.answer = next;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request so far, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(all);
    }

    /** The requests answered 2xx. */
    public List<Request> delivered() {
        return all.stream().filter(r -> r.status() / 100 == 2).toList();
    }

    public int count() {
        return count.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
