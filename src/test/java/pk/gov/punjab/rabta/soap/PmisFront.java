package pk.gov.punjab.rabta.soap;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The PMIS web service as the bus reaches it in the SOAP tests: a real HTTP server on a loopback port that forwards
 * each call to the demo PMIS service, or, when a test says so, answers as a failing PMIS would (503, an HTML error
 * page with status 500, no answer at all) or refuses connections.
 */
public final class PmisFront {
    /** How the front answers a call. */
    public enum Mode { FORWARD, UNAVAILABLE_503, ERROR_PAGE_500, NO_ANSWER }

    private static final Duration LONGEST_HOLD = Duration.ofSeconds(30);

    private final HttpClient forwarder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "pmis-front");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong calls = new AtomicLong();
    private final int port;
    private volatile HttpServer server;
    private volatile Mode mode = Mode.FORWARD;
    private volatile String target;

    public PmisFront() throws IOException {
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    /** The URL to give connector pmis-soap as its endpoint. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/pmis/prisoner";
    }

    /** Accepts connections and forwards them to this URL from now on (the demo service of the bus under test). */
    public void forwardTo(String url) throws IOException {
        this.target = url;
        acceptConnections();
    }

    public void answer(Mode mode) {
        this.mode = mode;
    }

    /** Calls that reached the front, answered or not. */
    public long calls() {
        return calls.get();
    }

    /** Closes the port: connections are refused, as when PMIS's server is down. */
    public synchronized void refuseConnections() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens on the same port again if it was closed, forwarding. */
    public synchronized void acceptConnections() throws IOException {
        mode = Mode.FORWARD;
        if (server == null) {
            server = listen(port);
        }
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer listening = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        // A held call must not stop the next one from being answered.
        listening.setExecutor(handlers);
        listening.createContext("/", this::handle);
        listening.start();
        return listening;
    }

    private void handle(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        try (InputStream in = exchange.getRequestBody()) {
            byte[] request = in.readAllBytes();
            switch (mode) {
                case FORWARD -> forward(exchange, request);
                case UNAVAILABLE_503 -> reply(exchange, 503, "text/html", "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
                case ERROR_PAGE_500 -> reply(exchange, 500, "text/html; charset=UTF-8",
                        "<html><head><title>Error</title></head><body><h1>Internal Server Error</h1><p>PMIS application error</p></body></html>");
                case NO_ANSWER -> hold(exchange);
            }
        } finally {
            exchange.close();
        }
    }

    /** Answers nothing until the test changes the mode (the caller has long given up by then). */
    private void hold(HttpExchange exchange) throws IOException {
        Instant until = Instant.now().plus(LONGEST_HOLD);
        while (mode == Mode.NO_ANSWER && Instant.now().isBefore(until)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        reply(exchange, 503, "text/plain", "held");
    }

    private void forward(HttpExchange exchange, byte[] request) throws IOException {
        if (target == null) {
            reply(exchange, 503, "text/plain", "no PMIS service behind the front yet");
            return;
        }
        HttpRequest.Builder call = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request));
        for (String header : new String[] {"Content-Type", "SOAPAction"}) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                call.header(header, value);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = forwarder.send(call.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
        answer.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
        send(exchange, answer.statusCode(), answer.body());
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
