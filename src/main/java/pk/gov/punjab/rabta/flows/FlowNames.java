package pk.gov.punjab.rabta.flows;

import org.apache.camel.Exchange;
import org.apache.camel.Route;

/** A flow is one file under routes/; its id is the file name without .camel.yaml, shared by every route in it. */
public final class FlowNames {
    private static final String SUFFIX = ".camel.yaml";
    private static final java.util.Map<String, String> BY_ROUTE = new java.util.concurrent.ConcurrentHashMap<>();

    private FlowNames() {
    }

    public static String of(Route route) {
        if (route == null) {
            return "unknown";
        }
        if (route.getSourceResource() != null && route.getSourceResource().getLocation() != null) {
            String location = route.getSourceResource().getLocation();
            String name = location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf(':')) + 1);
            if (name.endsWith(SUFFIX)) {
                return name.substring(0, name.length() - SUFFIX.length());
            }
        }
        return route.getGroup() != null ? route.getGroup() : route.getRouteId();
    }

    public static String of(Exchange exchange) {
        String routeId = exchange.getFromRouteId();
        return routeId == null ? "unknown" : BY_ROUTE.computeIfAbsent(routeId, id -> of(exchange.getContext().getRoute(id)));
    }
}
