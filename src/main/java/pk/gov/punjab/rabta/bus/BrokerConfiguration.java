package pk.gov.punjab.rabta.bus;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Settings of the embedded broker: NIO journal, TCP listener, and redelivery that never silently drops a message. */
@Configuration
@EnableConfigurationProperties(BusSettings.class)
public class BrokerConfiguration {
    private static final Logger log = LoggerFactory.getLogger(BrokerConfiguration.class);

    @Bean
    ArtemisConfigurationCustomizer rabtaBrokerCustomizer(BusSettings settings) {
        return configuration -> {
            // libaio is not always installed; NIO works everywhere and still syncs each commit.
            configuration.setJournalType(JournalType.NIO);
            if (settings.getTcp().isEnabled()) {
                try {
                    configuration.addAcceptorConfiguration("tcp", "tcp://" + settings.getTcp().getHost() + ":" + settings.getTcp().getPort()
                            + "?protocols=CORE,AMQP,STOMP");
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot configure the broker's TCP acceptor: " + e.getMessage(), e);
                }
            }
            // Unlimited by default: Artemis drops a message that reaches its limit with no dead-letter address.
            AddressSettings everything = redelivery(settings.getDefaults()).setMaxDeliveryAttempts(-1)
                    .setDefaultGroupBuckets(settings.getGroupBuckets())
                    .setDeadLetterAddress(SimpleString.of("DLQ"))
                    .setExpiryAddress(SimpleString.of("ExpiryQueue"));
            configuration.addAddressSetting("#", everything);
        };
    }

    /**
     * A shorter wait for the broker's answer than Artemis's 30 s: under load after an idle spell the embedded broker has
     * been seen to leave a commit unanswered, and the bus then stood still for the whole wait before it reconnected.
     */
    @Bean
    static BeanPostProcessor rabtaBrokerCallTimeout(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                Object factory = bean instanceof JmsPoolConnectionFactory pool ? pool.getConnectionFactory() : bean;
                if (factory instanceof ActiveMQConnectionFactory artemis) {
                    // Bound here, not injected: a post-processor that asked for the settings bean would create it too early.
                    BusSettings settings = Binder.get(environment).bindOrCreate("rabta.bus", BusSettings.class);
                    artemis.setCallTimeout(settings.getBrokerCallTimeout().toMillis());
                }
                return bean;
            }
        };
    }

    @Bean
    BrokerQueueSettings brokerQueueSettings(BusSettings settings, ObjectProvider<EmbeddedActiveMQ> embedded) {
        return (address, flow) -> {
            EmbeddedActiveMQ server = embedded.getIfAvailable();
            if (server == null || server.getActiveMQServer() == null) {
                log.info("External broker: configure dead-letter address {} for {} in its broker.xml", DeadLetterQueues.forFlow(flow), address);
                return;
            }
            BusSettings.QueueSettings queue = settings.forQueue(address);
            // The bus retries in place and dead-letters with a reason; the broker counts only rollbacks (a stop or crash
            // mid-delivery), and moves a message that keeps bringing the bus down after rollback-limit of them.
            // Group buckets, like the expiry address, come from the "#" settings the broker merges under these.
            AddressSettings own = redelivery(queue)
                    .setMaxDeliveryAttempts(settings.getRollbackLimit())
                    .setDeadLetterAddress(SimpleString.of(DeadLetterQueues.forFlow(flow)));
            server.getActiveMQServer().getAddressSettingsRepository().addMatch(address, own);
            // A queue kept from before the setting keeps its own groups until told; its consumers are not yet running.
            Queue existing = server.getActiveMQServer().locateQueue(SimpleString.of(address));
            if (existing != null && existing.getGroupBuckets() != settings.getGroupBuckets()) {
                existing.setGroupBuckets(settings.getGroupBuckets());
            }
        };
    }

    private static AddressSettings redelivery(BusSettings.QueueSettings queue) {
        return new AddressSettings()
                .setRedeliveryDelay(queue.getRedeliveryDelay().toMillis())
                .setRedeliveryMultiplier(queue.getRedeliveryMultiplier())
                .setMaxRedeliveryDelay(queue.getMaxRedeliveryDelay().toMillis());
    }

    /** Applies one queue's redelivery and dead-letter settings to the embedded broker when its consumer starts. */
    @FunctionalInterface
    public interface BrokerQueueSettings {
        void apply(String address, String flow);
    }
}
