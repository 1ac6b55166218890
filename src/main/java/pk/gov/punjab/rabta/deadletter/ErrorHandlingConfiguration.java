package pk.gov.punjab.rabta.deadletter;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/** The one error-handling configuration every route names: routeConfigurationId: rabta-error-handling. */
@Component
public class ErrorHandlingConfiguration extends RouteConfigurationBuilder {
    public static final String ID = "rabta-error-handling";

    private final DeadLetters deadLetters;

    public ErrorHandlingConfiguration(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void configuration() {
        // Failures that are not final stay unhandled: capture retries from its checkpoint, JMS rolls back for redelivery.
        routeConfiguration(ID)
                .onException(Exception.class)
                .onWhen(deadLetters::isFinal)
                .handled(true)
                .process(deadLetters::send);
    }
}
