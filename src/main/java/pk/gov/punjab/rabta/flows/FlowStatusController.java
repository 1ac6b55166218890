package pk.gov.punjab.rabta.flows;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/flows: every flow with its counts and last activity. */
@RestController
public class FlowStatusController {
    private final FlowStatus status;

    public FlowStatusController(FlowStatus status) {
        this.status = status;
    }

    @GetMapping("/api/flows")
    public List<FlowStatus.Flow> flows() {
        return status.flows();
    }
}
