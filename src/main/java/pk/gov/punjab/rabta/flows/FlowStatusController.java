package pk.gov.punjab.rabta.flows;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import pk.gov.punjab.rabta.capture.CaptureComponent;
import pk.gov.punjab.rabta.capture.Reconciliation;
import pk.gov.punjab.rabta.security.PersonalData;

/** GET /api/flows: every flow with its counts and last activity (its last error masked for a viewer); POST /api/flows/{flow}/reconcile: a pass now. */
@RestController
public class FlowStatusController {
    private final FlowStatus status;
    private final CaptureComponent capture;

    public FlowStatusController(FlowStatus status, CaptureComponent capture) {
        this.status = status;
        this.capture = capture;
    }

    @GetMapping("/api/flows")
    public List<FlowStatus.Flow> flows(Authentication caller) {
        return status.flows().stream().map(flow -> flow.withLastError(PersonalData.textForCaller(flow.lastError(), caller))).toList();
    }

    @PostMapping("/api/flows/{flow}/reconcile")
    public List<Reconciliation.Report> reconcile(@PathVariable String flow) throws Exception {
        FlowStatus.Flow found = status.flow(flow);
        List<Reconciliation.Report> reports = new ArrayList<>();
        for (FlowStatus.RouteState route : found.routes()) {
            if (route.from().startsWith("capture:")) {
                reports.add(capture.reconcile(route.id()));
            }
        }
        return reports;
    }
}
