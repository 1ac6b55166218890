package pk.gov.punjab.rabta.bench.pipeline;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * An embedded Artemis with the journal the bus runs on (NIO, persistent, Artemis's default syncs on every commit),
 * reached in-VM with the core client, as the bus's own embedded broker is.
 */
final class BareArtemis implements AutoCloseable {
    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final ServerLocator locator;
    private final ClientSessionFactory factory;

    BareArtemis(Path dir) throws Exception {
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setPersistenceEnabled(true);
        configuration.setJournalType(JournalType.NIO);
        configuration.setSecurityEnabled(false);
        configuration.setJournalDirectory(dir.resolve("journal").toString());
        configuration.setBindingsDirectory(dir.resolve("bindings").toString());
        configuration.setLargeMessagesDirectory(dir.resolve("largemessages").toString());
        configuration.setPagingDirectory(dir.resolve("paging").toString());
        configuration.addAcceptorConfiguration("invm", "vm://0");
        server.setConfiguration(configuration);
        server.start();
        // In the same JVM no connection can drop; no pings, so a long GC pause in a later round cannot fail one.
        locator = ActiveMQClient.createServerLocator("vm://0").setConnectionTTL(-1).setClientFailureCheckPeriod(-1);
        factory = locator.createSessionFactory();
    }

    /** A transacted session: sends and acknowledgements take effect at commit. */
    ClientSession transactedSession() throws Exception {
        ClientSession session = factory.createSession(false, false);
        session.start();
        return session;
    }

    void createQueue(String name) throws Exception {
        try (ClientSession session = factory.createSession()) {
            session.createQueue(QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
    }

    /** C: count messages of the given body sent in transactions of batch and received in transactions of batch, concurrently. */
    double sendAndReceive(String queue, int count, int batch, byte[] body) throws Exception {
        createQueue(queue);
        long began = System.nanoTime();
        Thread producer = new Thread(() -> {
            try (ClientSession session = transactedSession(); ClientProducer out = session.createProducer(queue)) {
                for (int i = 0; i < count; i++) {
                    ClientMessage message = session.createMessage(true);
                    message.getBodyBuffer().writeBytes(body);
                    out.send(message);
                    if (i % batch == batch - 1 || i == count - 1) {
                        session.commit();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "bare-artemis-producer");
        producer.start();
        try (ClientSession session = transactedSession(); ClientConsumer in = session.createConsumer(queue)) {
            int received = 0;
            while (received < count) {
                ClientMessage message = in.receive(30_000);
                if (message == null) {
                    throw new IllegalStateException("no message for 30 s after " + received);
                }
                message.acknowledge();
                received++;
                if (received % batch == 0 || received == count) {
                    session.commit();
                }
            }
        }
        producer.join();
        return count / ((System.nanoTime() - began) / 1e9);
    }

    @Override
    public void close() throws Exception {
        factory.close();
        locator.close();
        server.stop();
    }
}
