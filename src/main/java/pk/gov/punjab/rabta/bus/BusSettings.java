package pk.gov.punjab.rabta.bus;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** rabta.bus.*: redelivery and dead-letter settings per queue (with defaults), and the broker's TCP listener. */
@ConfigurationProperties("rabta.bus")
public class BusSettings {
    private QueueSettings defaults = new QueueSettings();
    private Map<String, QueueSettings> queues = new LinkedHashMap<>();
    private Tcp tcp = new Tcp();
    private int rollbackLimit = 50;
    private Duration unavailableRetryMaxDelay = Duration.ofSeconds(10);
    private int consumers = 1;
    private int deliveryBatchSize = 100;
    private Duration brokerCallTimeout = Duration.ofSeconds(10);
    private int groupBuckets = 1024;

    /** Rollbacks (the bus stopped or crashed mid-delivery) after which the broker itself dead-letters a message. */
    public int getRollbackLimit() {
        return rollbackLimit;
    }

    public void setRollbackLimit(int rollbackLimit) {
        this.rollbackLimit = rollbackLimit;
    }

    /** The longest wait between two tries of a target that is down; its messages wait, they are not dead-lettered. */
    public Duration getUnavailableRetryMaxDelay() {
        return unavailableRetryMaxDelay;
    }

    public void setUnavailableRetryMaxDelay(Duration unavailableRetryMaxDelay) {
        this.unavailableRetryMaxDelay = unavailableRetryMaxDelay;
    }

    /** Concurrent consumers per bus: queue unless the route says otherwise; order per entity holds at any number. */
    public int getConsumers() {
        return consumers;
    }

    public void setConsumers(int consumers) {
        this.consumers = consumers;
    }

    /** The most records a consumer delivers in one broker and one target transaction (bus:ADDRESS?batchSize=N). */
    public int getDeliveryBatchSize() {
        return deliveryBatchSize;
    }

    public void setDeliveryBatchSize(int deliveryBatchSize) {
        this.deliveryBatchSize = deliveryBatchSize;
    }

    /**
     * How long the bus waits for the broker to answer a call (a commit, a send) before it takes the connection for
     * broken and makes a new one; what was in flight is sent again and the broker's duplicate detection drops the copy.
     */
    public Duration getBrokerCallTimeout() {
        return brokerCallTimeout;
    }

    public void setBrokerCallTimeout(Duration brokerCallTimeout) {
        this.brokerCallTimeout = brokerCallTimeout;
    }

    /**
     * The message groups that keep each entity's records in order are hashed into this many per queue, each held by one
     * consumer: the broker's memory for them stays the same however many prisoners and cases pass, where one group per
     * entity grew without end.
     */
    public int getGroupBuckets() {
        return groupBuckets;
    }

    public void setGroupBuckets(int groupBuckets) {
        this.groupBuckets = groupBuckets;
    }

    /** The settings for one address: its own entry where configured, else the defaults. */
    public QueueSettings forQueue(String address) {
        QueueSettings own = queues.get(address);
        if (own == null) {
            return defaults;
        }
        QueueSettings merged = new QueueSettings();
        merged.maxDeliveryAttempts = own.maxDeliveryAttempts != null ? own.maxDeliveryAttempts : defaults.maxDeliveryAttempts;
        merged.redeliveryDelay = own.redeliveryDelay != null ? own.redeliveryDelay : defaults.redeliveryDelay;
        merged.redeliveryMultiplier = own.redeliveryMultiplier != null ? own.redeliveryMultiplier : defaults.redeliveryMultiplier;
        merged.maxRedeliveryDelay = own.maxRedeliveryDelay != null ? own.maxRedeliveryDelay : defaults.maxRedeliveryDelay;
        return merged;
    }

    public QueueSettings getDefaults() {
        return defaults;
    }

    public void setDefaults(QueueSettings defaults) {
        this.defaults = defaults;
    }

    public Map<String, QueueSettings> getQueues() {
        return queues;
    }

    public void setQueues(Map<String, QueueSettings> queues) {
        this.queues = queues;
    }

    public Tcp getTcp() {
        return tcp;
    }

    public void setTcp(Tcp tcp) {
        this.tcp = tcp;
    }

    /** Redelivery of one queue: attempts before the dead-letter queue, and the growing delay between them. */
    public static class QueueSettings {
        private Integer maxDeliveryAttempts = 5;
        private Duration redeliveryDelay = Duration.ofSeconds(1);
        private Double redeliveryMultiplier = 2.0;
        private Duration maxRedeliveryDelay = Duration.ofSeconds(60);

        public Integer getMaxDeliveryAttempts() {
            return maxDeliveryAttempts;
        }

        public void setMaxDeliveryAttempts(Integer maxDeliveryAttempts) {
            this.maxDeliveryAttempts = maxDeliveryAttempts;
        }

        public Duration getRedeliveryDelay() {
            return redeliveryDelay;
        }

        public void setRedeliveryDelay(Duration redeliveryDelay) {
            this.redeliveryDelay = redeliveryDelay;
        }

        public Double getRedeliveryMultiplier() {
            return redeliveryMultiplier;
        }

        public void setRedeliveryMultiplier(Double redeliveryMultiplier) {
            this.redeliveryMultiplier = redeliveryMultiplier;
        }

        public Duration getMaxRedeliveryDelay() {
            return maxRedeliveryDelay;
        }

        public void setMaxRedeliveryDelay(Duration maxRedeliveryDelay) {
            this.maxRedeliveryDelay = maxRedeliveryDelay;
        }
    }

    /** The embedded broker's TCP acceptor for CORE, AMQP and STOMP clients of other departments. */
    public static class Tcp {
        private boolean enabled = true;
        private String host = "127.0.0.1";
        private int port = 61616;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }
    }
}
