package pk.gov.punjab.rabta.flows;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** /api/ops/flows: each flow's state, counts, rates, lag and last error (masked for a viewer); pause and resume. */
@RestController
@Tag(name = "Flows", description = "State of each flow; pause and resume")
public class FlowOperationsController {
    private final FlowOperations operations;

    public FlowOperationsController(FlowOperations operations) {
        this.operations = operations;
    }

    @GetMapping("/api/ops/flows")
    @Operation(summary = "Every flow: state, counts, rates per second over the last minute, lag in seconds, waiting messages, dead letters, last error")
    public List<FlowOperations.FlowView> flows(Authentication caller) {
        return operations.flows().stream().map(view -> view.forCaller(caller)).toList();
    }

    @GetMapping("/api/ops/flows/{flow}")
    @Operation(summary = "One flow")
    public FlowOperations.FlowView flow(@PathVariable String flow, Authentication caller) {
        return operations.flow(flow).forCaller(caller);
    }

    /** An operator's reason for an action. */
    public record Reason(String reason) {
    }

    @PostMapping("/api/ops/flows/{flow}/pause")
    @Operation(summary = "Stops the flow's routes: capture reads nothing, deliveries wait on the bus (until resumed or the bus restarts)")
    public FlowOperations.FlowView pause(@PathVariable String flow, @RequestBody(required = false) Reason why, Authentication caller) throws Exception {
        return operations.pause(flow, caller.getName(), why == null ? null : why.reason());
    }

    @PostMapping("/api/ops/flows/{flow}/resume")
    @Operation(summary = "Starts the flow's routes again")
    public FlowOperations.FlowView resume(@PathVariable String flow, @RequestBody(required = false) Reason why, Authentication caller) throws Exception {
        return operations.resume(flow, caller.getName(), why == null ? null : why.reason());
    }
}
