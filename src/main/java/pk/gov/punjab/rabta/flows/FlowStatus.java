package pk.gov.punjab.rabta.flows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.springframework.stereotype.Component;

/** The state of every flow: its routes, counters and last activity, as the status endpoint and the log show it. */
@Component
public class FlowStatus {
    private final CamelContext camel;
    private final FlowStats stats;

    public FlowStatus(CamelContext camel, FlowStats stats) {
        this.camel = camel;
        this.stats = stats;
    }

    public List<Flow> flows() {
        Map<String, List<RouteState>> routesByFlow = new LinkedHashMap<>();
        for (Route route : camel.getRoutes()) {
            routesByFlow.computeIfAbsent(FlowNames.of(route), f -> new ArrayList<>())
                    .add(new RouteState(route.getRouteId(), camel.getRouteController().getRouteStatus(route.getRouteId()).name(),
                            route.getEndpoint().getEndpointBaseUri()));
        }
        List<Flow> flows = new ArrayList<>();
        routesByFlow.forEach((flow, routes) -> {
            FlowStats.Counters c = stats.of(flow);
            flows.add(new Flow(flow, routes, c.captured(), c.delivered(), c.duplicatesSkipped(), c.deadLettered(),
                    c.lastCapturedAt(), c.lastDeliveredAt(), c.lastDeadLetteredAt(), c.lastError()));
        });
        return flows;
    }

    /** One flow as reported by /api/flows. */
    public record Flow(String flow, List<RouteState> routes, long captured, long delivered, long duplicatesSkipped,
                       long deadLettered, Instant lastCapturedAt, Instant lastDeliveredAt, Instant lastDeadLetteredAt,
                       String lastError) {
    }

    /** One Camel route of a flow. */
    public record RouteState(String id, String status, String from) {
    }
}
