package pk.gov.punjab.rabta.flows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import pk.gov.punjab.rabta.RabtaHeaders;
import pk.gov.punjab.rabta.audit.AuditLog;
import pk.gov.punjab.rabta.bus.DeadLetterQueues;
import pk.gov.punjab.rabta.security.PersonalData;

/**
 * What an operator sees of each flow (state, counts, rates over the last minute, lag, last error) and the pause and
 * resume of a flow, which stop and start its routes: a paused capture reads nothing, a paused delivery leaves its
 * messages on the bus. A pause lasts until resumed or until the bus restarts.
 */
@Component
public class FlowOperations {
    private static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private final CamelContext camel;
    private final FlowStatus status;
    private final FlowStats stats;
    private final AuditLog audit;
    private final ObjectProvider<EmbeddedActiveMQ> broker;
    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();
    private final Instant started = Instant.now();

    public FlowOperations(CamelContext camel, FlowStatus status, FlowStats stats, AuditLog audit, ObjectProvider<EmbeddedActiveMQ> broker) {
        this.camel = camel;
        this.status = status;
        this.stats = stats;
        this.audit = audit;
        this.broker = broker;
    }

    private record Sample(Instant at, long captured, long delivered, long deadLettered) {
    }

    /**
     * One flow for operators. state: RUNNING, PAUSED, PARTLY_RUNNING; lag: age of the oldest change captured but not
     * yet delivered; waiting: messages on its bus queues; deadLetters: letters on its dead-letter queue.
     */
    public record FlowView(String flow, String state, List<FlowStatus.RouteState> routes, long captured, long delivered,
                           long duplicatesSkipped, long deadLettered, double capturedPerSecond, double deliveredPerSecond,
                           double deadLetteredPerSecond, long waiting, Long lagSeconds, long deadLetters, String lastError,
                           String captureProblem, Instant lastCapturedAt, Instant lastDeliveredAt, Instant lastDeadLetteredAt) {
        /** The view with its free text (last error, capture problem) as the caller may see it. */
        public FlowView forCaller(Authentication caller) {
            return new FlowView(flow, state, routes, captured, delivered, duplicatesSkipped, deadLettered, capturedPerSecond,
                    deliveredPerSecond, deadLetteredPerSecond, waiting, lagSeconds, deadLetters, PersonalData.textForCaller(lastError, caller),
                    PersonalData.textForCaller(captureProblem, caller), lastCapturedAt, lastDeliveredAt, lastDeadLetteredAt);
        }
    }

    @Scheduled(fixedRate = 10_000)
    void sample() {
        Instant now = Instant.now();
        for (FlowStatus.Flow flow : status.flows()) {
            Deque<Sample> window = window(flow.flow());
            synchronized (window) {
                window.addLast(new Sample(now, flow.captured(), flow.delivered(), flow.deadLettered()));
                while (window.size() > 2 && window.peekFirst().at().isBefore(now.minus(RATE_WINDOW))) {
                    window.removeFirst();
                }
            }
        }
    }

    public List<FlowView> flows() {
        List<FlowView> views = new ArrayList<>();
        for (FlowStatus.Flow flow : status.flows()) {
            views.add(view(flow));
        }
        return views;
    }

    public FlowView flow(String name) {
        return view(find(name));
    }

    private FlowStatus.Flow find(String name) {
        return status.flow(name);
    }

    private FlowView view(FlowStatus.Flow flow) {
        long started = flow.routes().stream().filter(r -> r.status().equals(ServiceStatus.Started.name())).count();
        String state = started == flow.routes().size() ? "RUNNING" : started == 0 ? "PAUSED" : "PARTLY_RUNNING";
        double[] rates = rates(flow);
        long waiting = 0;
        Instant oldest = null;
        for (FlowStatus.RouteState route : flow.routes()) {
            if (route.from().startsWith("bus:")) {
                // Camel writes the endpoint as bus://address.
                Queue queue = queue(route.from().substring("bus:".length()).replaceFirst("^//", ""));
                if (queue != null) {
                    waiting += queue.getMessageCount();
                    Instant capturedAt = oldestCapture(queue);
                    if (capturedAt != null && (oldest == null || capturedAt.isBefore(oldest))) {
                        oldest = capturedAt;
                    }
                }
            }
        }
        Queue deadLetterQueue = queue(DeadLetterQueues.forFlow(flow.flow()));
        return new FlowView(flow.flow(), state, flow.routes(), flow.captured(), flow.delivered(), flow.duplicatesSkipped(), flow.deadLettered(),
                rates[0], rates[1], rates[2], waiting, oldest == null ? null : Math.max(0, Duration.between(oldest, Instant.now()).toSeconds()),
                deadLetterQueue == null ? 0 : deadLetterQueue.getMessageCount(), flow.lastError(), stats.of(flow.flow()).captureProblem(),
                flow.lastCapturedAt(), flow.lastDeliveredAt(), flow.lastDeadLetteredAt());
    }

    /**
     * A flow's samples; the first is the bus's start, when every count was zero, so the rate of a bus younger than its
     * first samples is its rate since start rather than nothing.
     */
    private Deque<Sample> window(String flow) {
        return samples.computeIfAbsent(flow, f -> new ArrayDeque<>(List.of(new Sample(started, 0, 0, 0))));
    }

    private double[] rates(FlowStatus.Flow flow) {
        Deque<Sample> window = window(flow.flow());
        Sample first;
        synchronized (window) {
            first = window.peekFirst();
        }
        if (first == null) {
            return new double[3];
        }
        double seconds = Math.max(1, Duration.between(first.at(), Instant.now()).toMillis() / 1000.0);
        return new double[] {round((flow.captured() - first.captured()) / seconds), round((flow.delivered() - first.delivered()) / seconds),
                round((flow.deadLettered() - first.deadLettered()) / seconds)};
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private Queue queue(String name) {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        if (embedded == null || embedded.getActiveMQServer() == null) {
            return null;
        }
        return embedded.getActiveMQServer().locateQueue(SimpleString.of(name));
    }

    /** When the oldest waiting message was captured: the head of the queue, which is delivered first. */
    private static Instant oldestCapture(Queue queue) {
        try (LinkedListIterator<org.apache.activemq.artemis.core.server.MessageReference> messages = queue.browserIterator()) {
            if (messages.hasNext()) {
                Message message = messages.next().getMessage();
                Object capturedAt = message.getObjectProperty(SimpleString.of(RabtaHeaders.CAPTURED_AT));
                return capturedAt == null ? null : Instant.parse(capturedAt.toString());
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    public FlowView pause(String name, String actor, String why) throws Exception {
        FlowStatus.Flow flow = find(name);
        // Captures first, so nothing new enters the flow while its deliveries stop.
        List<FlowStatus.RouteState> ordered = new ArrayList<>(flow.routes());
        ordered.sort((a, b) -> Boolean.compare(a.from().startsWith("bus:"), b.from().startsWith("bus:")));
        for (FlowStatus.RouteState route : ordered) {
            camel.getRouteController().stopRoute(route.id());
        }
        audit.recordNow(actor, "flow.paused", name, why, routes(flow));
        return flow(name);
    }

    public FlowView resume(String name, String actor, String why) throws Exception {
        FlowStatus.Flow flow = find(name);
        for (FlowStatus.RouteState route : flow.routes()) {
            camel.getRouteController().startRoute(route.id());
        }
        audit.recordNow(actor, "flow.resumed", name, why, routes(flow));
        return flow(name);
    }

    private static Map<String, Object> routes(FlowStatus.Flow flow) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("routes", flow.routes().stream().map(FlowStatus.RouteState::id).toList());
        return details;
    }
}
