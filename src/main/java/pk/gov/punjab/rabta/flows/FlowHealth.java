package pk.gov.punjab.rabta.flows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/** Each flow under /actuator/health as flows.&lt;flow&gt;: DOWN while its capture cannot read its source. */
@Component("flows")
public class FlowHealth implements CompositeHealthContributor {
    private final FlowStatus status;
    private final FlowStats stats;

    public FlowHealth(FlowStatus status, FlowStats stats) {
        this.status = status;
        this.stats = stats;
    }

    private Map<String, HealthIndicator> indicators() {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        for (FlowStatus.Flow flow : status.flows()) {
            indicators.put(flow.flow(), () -> health(flow.flow()));
        }
        return indicators;
    }

    private Health health(String flow) {
        FlowStats.Counters counters = stats.of(flow);
        Health.Builder builder = counters.captureProblem() == null ? Health.up() : Health.down().withDetail("error", counters.captureProblem());
        return builder.withDetail("captured", counters.captured()).withDetail("delivered", counters.delivered())
                .withDetail("deadLettered", counters.deadLettered()).build();
    }

    @Override
    public HealthContributor getContributor(String name) {
        return indicators().get(name);
    }

    @Override
    public java.util.Iterator<NamedContributor<HealthContributor>> iterator() {
        return indicators().entrySet().stream()
                .map(e -> NamedContributor.of(e.getKey(), (HealthContributor) e.getValue()))
                .iterator();
    }
}
