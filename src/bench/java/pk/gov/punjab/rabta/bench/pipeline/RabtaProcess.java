package pk.gov.punjab.rabta.bench.pipeline;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import pk.gov.punjab.rabta.RabtaApplication;

/** The bus as it runs in production: a process of its own, on the built classes, with PMIS and CFMS on real databases. */
final class RabtaProcess implements AutoCloseable {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private final Process process;
    private final int port;
    private final String password = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newHttpClient();
    final Path log;

    /** Starts the bus on a fresh data directory, with a flight recording when given a file for it. */
    RabtaProcess(Path data, int consumers, Path flightRecording) throws IOException {
        port = freePort();
        Files.createDirectories(data);
        log = data.resolve("bus.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (flightRecording != null) {
            command.add("-XX:StartFlightRecording=filename=" + flightRecording + ",settings=profile");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RabtaApplication.class.getName(),
                "--rabta.data-dir=" + data, "--server.port=" + port, "--rabta.bus.tcp.enabled=false",
                "--rabta.demo.enabled=false", "--rabta.alerts.enabled=false",
                "--rabta.connectors.pmis-db.url=" + BenchDatabases.PMIS_URL, "--rabta.connectors.pmis-db.username=" + BenchDatabases.PMIS_USER,
                "--rabta.connectors.cfms-db.url=" + BenchDatabases.CFMS_URL, "--rabta.connectors.cfms-db.username=" + BenchDatabases.CFMS_USER,
                // A refused record goes to its dead letters at once, so the replay figure is not spent waiting on retries.
                "--rabta.bus.defaults.max-delivery-attempts=1", "--rabta.bus.consumers=" + consumers));
        // Further settings of the bus, e.g. -Dbench.bus.args="--rabta.connectors.cfms-db.pool-size=8".
        for (String extra : System.getProperty("bench.bus.args", "").trim().split("\\s+")) {
            if (!extra.isEmpty()) {
                command.add(extra);
            }
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("RABTA_ADMIN_PASSWORD", password);
        process = builder.start();
    }

    /** Waits until the bus answers on its liveness address. */
    void awaitUp(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the bus exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(get("/actuator/health/liveness"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the bus did not come up within " + within + "; see " + log);
    }

    String call(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
    }

    /** Live heap in MB: a full GC in the bus (jcmd GC.run), then the heap in use after it (GC.heap_info). */
    double liveHeapMb() throws Exception {
        jcmd("GC.run");
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("no heap figure from jcmd GC.heap_info");
        }
        return Long.parseLong(used.group(1)) / 1024.0;
    }

    private String jcmd(String what) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(javaPid()), what)
                .redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        return out;
    }

    long javaPid() {
        return process.pid();
    }

    /**
     * strace attached to every thread of the bus, logging each fsync, fdatasync and msync with its file; it slows the
     * bus (every system call stops it), so it runs only for a window of its own. Destroy the process to detach it.
     */
    Process traceSyncs(Path file) throws IOException {
        return new ProcessBuilder("strace", "-f", "-p", String.valueOf(process.pid()), "-y", "-e", "trace=fsync,fdatasync,msync",
                "-o", file.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        // A polite stop, so a flight recording is written out; then the hard way.
        ProcessHandle.of(javaPid()).ifPresent(ProcessHandle::destroy);
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }
}
