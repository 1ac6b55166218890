package pk.gov.punjab.rabta.flows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

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

    /** The refusal of a flow name the bus does not know, naming the flows it does know. */
    public static ResponseStatusException unknownFlow(String name, Collection<String> known) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no flow '" + name + "'; the flows are "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
    }

    /** The flow of that name, or a 404 that names the flows there are. */
    public Flow flow(String name) {
        List<Flow> all = flows();
        return all.stream().filter(f -> f.flow().equals(name)).findFirst()
                .orElseThrow(() -> unknownFlow(name, all.stream().map(Flow::flow).toList()));
    }

    /** One flow as reported by /api/flows. */
    public record Flow(String flow, List<RouteState> routes, long captured, long delivered, long duplicatesSkipped,
                       long deadLettered, Instant lastCapturedAt, Instant lastDeliveredAt, Instant lastDeadLetteredAt,
                       String lastError) {
        public Flow withLastError(String text) {
            return new Flow(flow, routes, captured, delivered, duplicatesSkipped, deadLettered, lastCapturedAt, lastDeliveredAt,
                    lastDeadLetteredAt, text);
        }
    }

    /** One Camel route of a flow. */
    public record RouteState(String id, String status, String from) {
    }
}
