package pk.gov.punjab.rabta.bench.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The copies a team would write without the bus: D straight from PMIS to CFMS; E through a broker in between. */
final class HandWrittenCopy {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {
    };

    private final BenchDatabases databases;
    private final int batch;

    HandWrittenCopy(BenchDatabases databases, int batch) {
        this.databases = databases;
        this.batch = batch;
    }

    /** D: read a page, map it, upsert it into the inbox and commit; until the source has no more. Returns records/s. */
    double direct(int expected) throws Exception {
        long began = System.nanoTime();
        int copied = 0;
        try (Connection pmis = databases.pmis.getConnection(); Connection cfms = databases.cfms.getConnection();
             PreparedStatement upsert = BenchDatabases.prepareUpsert(cfms)) {
            cfms.setAutoCommit(false);
            BenchDatabases.SourcePager pager = new BenchDatabases.SourcePager();
            for (List<Map<String, Object>> page = pager.next(pmis, batch); !page.isEmpty(); page = pager.next(pmis, batch)) {
                for (Map<String, Object> admission : page) {
                    BenchDatabases.addUpsert(upsert, databases.inboxRow(admission));
                }
                upsert.executeBatch();
                cfms.commit();
                copied += page.size();
            }
        }
        return checked(copied, expected, began);
    }

    /**
     * E: a reader sends each page to a queue in one broker transaction; a writer takes a batch off the queue, maps and
     * upserts it, commits the inbox and then acknowledges the batch. Returns records/s.
     */
    double throughBroker(BareArtemis broker, String queue, int expected) throws Exception {
        broker.createQueue(queue);
        long began = System.nanoTime();
        AtomicReference<Exception> readerFailure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (Connection pmis = databases.pmis.getConnection(); ClientSession session = broker.transactedSession();
                 ClientProducer out = session.createProducer(queue)) {
                BenchDatabases.SourcePager pager = new BenchDatabases.SourcePager();
                for (List<Map<String, Object>> page = pager.next(pmis, batch); !page.isEmpty(); page = pager.next(pmis, batch)) {
                    for (Map<String, Object> admission : page) {
                        ClientMessage message = session.createMessage(true);
                        message.getBodyBuffer().writeBytes(JSON.writeValueAsBytes(admission));
                        out.send(message);
                    }
                    session.commit();
                }
            } catch (Exception e) {
                readerFailure.set(e);
            }
        }, "copy-reader");
        reader.start();
        int copied = 0;
        try (Connection cfms = databases.cfms.getConnection(); PreparedStatement upsert = BenchDatabases.prepareUpsert(cfms);
             ClientSession session = broker.transactedSession(); ClientConsumer in = session.createConsumer(queue)) {
            cfms.setAutoCommit(false);
            while (copied < expected) {
                List<ClientMessage> taken = new ArrayList<>(batch);
                ClientMessage message = in.receive(30_000);
                while (message != null) {
                    taken.add(message);
                    message = taken.size() < batch ? in.receive(100) : null;
                }
                if (taken.isEmpty()) {
                    throw new IllegalStateException("no message for 30 s after " + copied, readerFailure.get());
                }
                for (ClientMessage m : taken) {
                    byte[] body = new byte[m.getBodySize()];
                    m.getBodyBuffer().readBytes(body);
                    Map<String, Object> admission = new org.springframework.util.LinkedCaseInsensitiveMap<>();
                    admission.putAll(JSON.readValue(body, ROW));
                    admission.put("UPD_TS", new java.sql.Timestamp(((Number) admission.get("UPD_TS")).longValue()));
                    BenchDatabases.addUpsert(upsert, databases.inboxRow(admission));
                    m.acknowledge();
                }
                upsert.executeBatch();
                cfms.commit();
                session.commit();
                copied += taken.size();
            }
        }
        reader.join();
        if (readerFailure.get() != null) {
            throw readerFailure.get();
        }
        return checked(copied, expected, began);
    }

    private static double checked(int copied, int expected, long began) {
        double rate = copied / ((System.nanoTime() - began) / 1e9);
        if (copied != expected) {
            throw new IllegalStateException("copied " + copied + " records, expected " + expected);
        }
        return rate;
    }
}
