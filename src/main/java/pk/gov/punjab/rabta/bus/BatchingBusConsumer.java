package pk.gov.punjab.rabta.bus;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.jms.JmsBinding;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import pk.gov.punjab.rabta.delivery.DeliveryBatch;
import pk.gov.punjab.rabta.flows.FlowNames;

/**
 * Consumes a bus queue in batches: each consumer thread takes what the queue holds, up to the batch size, in one
 * broker transaction, runs every record through the delivery route, writes the rows of each target table together
 * (a query for the versions held, a batch of inserts, a batch of updates) and commits them, then commits the
 * broker's transaction. A handful of round trips, one target commit and one journal sync serve the whole batch, and
 * a record never waits for others to arrive: a quiet queue gives batches of one.
 * <ul>
 * <li>A record that fails its mapping is dealt with alone by the route (dead-lettered). When a target refuses rows
 * written together, the batch is written again one row at a time: the refused record is then retried in place and
 * dead-lettered alone while the rest of its batch is delivered.</li>
 * <li>A target that goes away interrupts the batch; it is written again, whole and in order, once the target
 * answers, and its messages never leave the consumer meanwhile.</li>
 * <li>Anything else the route leaves unhandled (the bus stopping mid-retry, a dead letter that cannot be written)
 * rolls the batch back to the broker, which redelivers it.</li>
 * </ul>
 */
final class BatchingBusConsumer extends DefaultConsumer {
    private static final Logger log = LoggerFactory.getLogger(BatchingBusConsumer.class);
    // Short, so a stopping bus waits at most this long per consumer: each cached test context and each reload stops them all.
    private static final Duration FIRST_WAIT = Duration.ofMillis(250);
    private static final long FIRST_RETRY_MILLIS = 250;

    private final BusEndpoint endpoint;
    private final ConnectionFactory connectionFactory;
    private final JmsBinding binding = new JmsBinding();
    private ExecutorService threads;
    private volatile boolean running;

    BatchingBusConsumer(BusEndpoint endpoint, Processor processor, ConnectionFactory connectionFactory) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.connectionFactory = connectionFactory;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        BusComponent component = (BusComponent) endpoint.getComponent();
        String flow = FlowNames.of(getRoute());
        component.brokerQueueSettings.apply(endpoint.getAddress(), flow);
        Processor gate = new ParkingGate(getProcessor(), component.parked, endpoint.getAddress(), flow);
        running = true;
        int consumers = Math.max(1, endpoint.getConcurrentConsumers());
        threads = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "bus:" + endpoint.getAddress(), consumers);
        for (int i = 0; i < consumers; i++) {
            threads.execute(() -> consume(gate));
        }
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (threads != null) {
            // A batch in hand finishes or rolls back; receive waits at most FIRST_WAIT.
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(threads, TimeUnit.SECONDS.toMillis(60));
            threads = null;
        }
        super.doStop();
    }

    /** One consumer thread: a connection and transacted session of its own, made again whenever the broker goes away. */
    private void consume(Processor gate) {
        long retryMillis = FIRST_RETRY_MILLIS;
        while (running) {
            BrokerLink link = new BrokerLink();
            try (Connection connection = connectionFactory.createConnection()) {
                connection.setExceptionListener(link::lost);
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(endpoint.getAddress()));
                connection.start();
                retryMillis = FIRST_RETRY_MILLIS;
                while (running && link.failure == null) {
                    List<Message> batch = take(consumer);
                    if (!batch.isEmpty()) {
                        deliver(batch, session, gate);
                    }
                }
                if (link.failure != null) {
                    throw link.failure;
                }
            } catch (JMSException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Bus consumer of {} lost the broker; connecting again in {} ms: {}", endpoint.getAddress(), retryMillis, e.toString());
                pause(retryMillis);
                retryMillis = Math.min(retryMillis * 2, 10_000);
            }
        }
    }

    /** Waits for one message, then takes what else is already there, up to the batch size, without waiting for more. */
    private List<Message> take(MessageConsumer consumer) throws JMSException {
        List<Message> batch = new ArrayList<>();
        Message first = consumer.receive(FIRST_WAIT.toMillis());
        if (first == null) {
            return batch;
        }
        batch.add(first);
        while (batch.size() < endpoint.getBatchSize()) {
            Message next = consumer.receiveNoWait();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void deliver(List<Message> messages, Session session, Processor gate) throws JMSException {
        long retryMillis = FIRST_RETRY_MILLIS;
        long maxRetryMillis = ((BusComponent) endpoint.getComponent()).settings.getUnavailableRetryMaxDelay().toMillis();
        boolean oneByOne = false;
        while (true) {
            Exception failure = null;
            Exception interruption;
            boolean refusedTogether;
            try (DeliveryBatch batch = new DeliveryBatch(oneByOne)) {
                for (Message message : messages) {
                    Exchange exchange = createExchange(false);
                    exchange.setIn(new BusMessage(exchange, message, session, binding));
                    batch.attach(exchange);
                    try {
                        gate.process(exchange);
                    } catch (Exception e) {
                        exchange.setException(e);
                    }
                    if (batch.interruption() != null) {
                        break;
                    }
                    if (exchange.getException() != null) {
                        failure = exchange.getException();
                        break;
                    }
                }
                if (failure == null && batch.interruption() == null) {
                    try {
                        batch.commit();
                    } catch (SQLException e) {
                        batch.interrupt(e);
                    } catch (RuntimeException e) {
                        // The targets have committed, the broker has not: the redelivered batch is skipped by the upsert.
                        failure = e;
                    }
                }
                interruption = batch.interruption();
                refusedTogether = batch.refusedTogether();
            }
            if (failure != null) {
                session.rollback();
                log.warn("Delivery of a batch of {} from {} failed; the broker redelivers it: {}", messages.size(), endpoint.getAddress(),
                        failure.toString());
                return;
            }
            if (interruption == null) {
                session.commit();
                return;
            }
            if (!running || !getEndpoint().getCamelContext().getStatus().isStarted()) {
                session.rollback();
                return;
            }
            if (refusedTogether) {
                // Written one row at a time, the refused record meets the route's retries and dead letter on its own.
                log.debug("A target refused a batch of {} from {} written together; writing it one row at a time: {}", messages.size(),
                        endpoint.getAddress(), interruption.toString());
                oneByOne = true;
                continue;
            }
            log.debug("A batch of {} from {} waits {} ms to be written again: {}", messages.size(), endpoint.getAddress(), retryMillis,
                    interruption.toString());
            pause(retryMillis);
            retryMillis = Math.min(retryMillis * 2, maxRetryMillis);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the connection's exception listener saw: the consumer thread then makes a new connection. */
    private static final class BrokerLink {
        private volatile JMSException failure;

        void lost(JMSException e) {
            failure = e;
        }
    }
}
