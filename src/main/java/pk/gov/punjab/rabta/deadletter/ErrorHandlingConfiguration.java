package pk.gov.punjab.rabta.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.bus.BusSettings;
import pk.gov.punjab.rabta.delivery.DeliveryBatch;
import pk.gov.punjab.rabta.delivery.TargetUnavailableException;

/**
 * The one error-handling configuration every route names (routeConfigurationId: rabta-error-handling).
 * <ul>
 * <li>Bad data (a mapping failure) is dead-lettered at once: retrying cannot mend it.</li>
 * <li>A target that is down is retried without end, with backoff, inside the consumer: the message keeps its place
 * in its entity's order and never reaches the dead-letter queue for an outage.</li>
 * <li>Any other delivery failure is retried in place with backoff, then dead-lettered with its reason, which parks
 * its entity.</li>
 * <li>A batch interrupted by its target going away is written again whole by the bus consumer.</li>
 * <li>On capture routes anything else is left unhandled: the batch is not committed and capture retries it.</li>
 * </ul>
 * Retrying in the consumer rather than rolling back to the broker keeps a failed message ahead of its entity's later ones.
 */
@Component
public class ErrorHandlingConfiguration extends RouteConfigurationBuilder {
    public static final String ID = "rabta-error-handling";

    private final DeadLetters deadLetters;
    private final BusSettings settings;

    public ErrorHandlingConfiguration(DeadLetters deadLetters, BusSettings settings) {
        this.deadLetters = deadLetters;
        this.settings = settings;
    }

    @Override
    public void configuration() {
        BusSettings.QueueSettings defaults = settings.getDefaults();
        routeConfiguration(ID)
                .onException(Exception.class)
                    .onWhen(DeadLetters::isBadData)
                    .handled(true)
                    .logExhausted(false)
                    .process(deadLetters::send)
                .end()
                // The consumer writes an interrupted batch again from its first record: no retry here, no dead letter.
                .onException(DeliveryBatch.Interrupted.class)
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                .end()
                .onException(TargetUnavailableException.class)
                    .onWhen(ErrorHandlingConfiguration::isRetriedInPlace)
                    // retryWhile decides; a non-zero limit is what turns in-place redelivery on.
                    .maximumRedeliveries(-1)
                    .retryWhile(DeadLetters::whileRunning)
                    .redeliveryDelay(defaults.getRedeliveryDelay().toMillis())
                    .useExponentialBackOff()
                    .backOffMultiplier(defaults.getRedeliveryMultiplier())
                    .maximumRedeliveryDelay(settings.getUnavailableRetryMaxDelay().toMillis())
                    .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                .end()
                .onException(Exception.class)
                    .onWhen(ErrorHandlingConfiguration::isRetriedInPlace)
                    .maximumRedeliveries(-1)
                    .retryWhile(deadLetters::attemptsLeft)
                    .redeliveryDelay(defaults.getRedeliveryDelay().toMillis())
                    .useExponentialBackOff()
                    .backOffMultiplier(defaults.getRedeliveryMultiplier())
                    .maximumRedeliveryDelay(defaults.getMaxRedeliveryDelay().toMillis())
                    .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                    .handled(true)
                    .logExhausted(false)
                    .process(deadLetters::send)
                .end();
    }

    /** A delivery's failure is retried in place unless it interrupted the record's batch (its cause may be any exception). */
    private static boolean isRetriedInPlace(Exchange exchange) {
        return DeadLetters.isDelivery(exchange) && !DeliveryBatch.isInterrupted(exchange);
    }
}
