package pk.gov.punjab.rabta.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import pk.gov.punjab.rabta.bus.BusSettings;
import pk.gov.punjab.rabta.bus.DeadLetterQueues;

/**
 * An Artemis broker as a process of its own, an instance made by {@code bin/artemis create} from the 2.40.0
 * distribution (unpacked under target/ by the drills profile), on a free local port, with what the bus needs of an
 * external broker: redelivery never given up by the broker itself, and the flow's own dead-letter address for a
 * message that keeps bringing the bus down.
 */
public final class ExternalBroker implements AutoCloseable {
    public static final String USER = "rabta";
    // A throwaway instance of the test's own, on 127.0.0.1 only.
    public static final String PASSWORD = "drill-broker";

    private final Path instance;
    private final int port;
    private Process process;

    private ExternalBroker(Path instance, int port) {
        this.instance = instance;
        this.port = port;
    }

    /** Creates an instance under dir whose queue for address, of flow, dead-letters as the bus expects. */
    public static ExternalBroker create(Path dir, String address, String flow, int rollbackLimit) throws Exception {
        Path home = Path.of(System.getProperty("artemis.home", "target/artemis-dist/apache-artemis-2.40.0"));
        if (!Files.exists(home.resolve("bin/artemis"))) {
            throw new IllegalStateException("No Artemis distribution at " + home.toAbsolutePath() + ": run with -Pdrills, which unpacks it");
        }
        int port = freePort();
        Path instance = dir.resolve("broker");
        // Through sh: an unpacked zip need not keep the script's execute bit.
        run(dir.resolve("broker-create.log"), "sh", home.resolve("bin/artemis").toString(), "create", instance.toString(), "--silent", "--force",
                "--user", USER, "--password", PASSWORD, "--require-login", "--no-web", "--no-autotune", "--nio", "--no-amqp-acceptor",
                "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor", "--default-port", String.valueOf(port));
        Path xml = instance.resolve("etc/broker.xml");
        String config = Files.readString(xml, StandardCharsets.UTF_8)
                .replace("tcp://0.0.0.0:", "tcp://127.0.0.1:")
                // The bus retries in place and dead-letters with a reason; the broker must not move a message after its default ten tries.
                .replace("<address-setting match=\"#\">", "<address-setting match=\"#\">\n            <max-delivery-attempts>-1</max-delivery-attempts>"
                        // Groups hashed into buckets, as on the embedded broker, so their memory stays flat.
                        + "\n            <default-group-buckets>" + new BusSettings().getGroupBuckets() + "</default-group-buckets>")
                .replace("</address-settings>", "   <address-setting match=\"" + address + "\">\n"
                        + "            <dead-letter-address>" + DeadLetterQueues.forFlow(flow) + "</dead-letter-address>\n"
                        + "            <max-delivery-attempts>" + rollbackLimit + "</max-delivery-attempts>\n"
                        + "         </address-setting>\n      </address-settings>");
        Files.writeString(xml, config, StandardCharsets.UTF_8);
        return new ExternalBroker(instance, port);
    }

    /** The URL the bus connects by, reconnecting without end while the broker is away. */
    public String url() {
        return "tcp://127.0.0.1:" + port + "?reconnectAttempts=-1&retryInterval=500&retryIntervalMultiplier=1.5&maxRetryInterval=5000";
    }

    /** The bus's settings for this broker in place of the embedded one. */
    public List<String> busArguments() {
        return List.of("--spring.artemis.mode=native", "--spring.artemis.embedded.enabled=false", "--spring.artemis.broker-url=" + url(),
                "--spring.artemis.user=" + USER, "--spring.artemis.password=" + PASSWORD);
    }

    /** Starts the broker and waits until it accepts connections. */
    public ExternalBroker start() throws Exception {
        // The script ends in exec java, so this process is the broker itself and a SIGKILL reaches it.
        process = new ProcessBuilder("sh", instance.resolve("bin/artemis").toString(), "run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(instance.resolve("broker.log").toFile())).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!accepts()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The broker did not start; see " + instance.resolve("broker.log"));
            }
            Thread.sleep(200);
        }
        return this;
    }

    /** SIGKILL: the broker goes away mid-transaction, as on a power cut. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void run(Path log, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed; see " + log);
        }
    }
}
