package pk.gov.punjab.rabta.deadletter;

import java.util.List;
import java.util.Map;

import jakarta.jms.JMSException;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import pk.gov.punjab.rabta.bus.ParkedEntities;

/** /api/ops/dead-letters/{flow}: list, replay and discard dead letters; /api/ops/parked: entities waiting on one. */
@RestController
public class DeadLetterController {
    private final DeadLetterOperations operations;
    private final ParkedEntities parked;

    public DeadLetterController(DeadLetterOperations operations, ParkedEntities parked) {
        this.operations = operations;
        this.parked = parked;
    }

    @GetMapping("/api/ops/dead-letters/{flow}")
    public List<Map<String, Object>> list(@PathVariable String flow) throws JMSException {
        return operations.list(flow);
    }

    @PostMapping("/api/ops/dead-letters/{flow}/{id}/replay")
    public Map<String, Object> replay(@PathVariable String flow, @PathVariable String id) throws JMSException {
        return operations.replay(flow, id).orElseThrow(() -> notFound(flow, id));
    }

    @PostMapping("/api/ops/dead-letters/{flow}/{id}/discard")
    public Map<String, Object> discard(@PathVariable String flow, @PathVariable String id, @RequestParam String reason) throws JMSException {
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a discard needs a reason");
        }
        return operations.discard(flow, id, reason).orElseThrow(() -> notFound(flow, id));
    }

    @GetMapping("/api/ops/parked")
    public List<Map<String, Object>> parked() {
        return parked.list();
    }

    private static ResponseStatusException notFound(String flow, String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead letter '" + id + "' on DLQ." + flow);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    public Map<String, String> badRequest(IllegalArgumentException e) {
        return Map.of("error", e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    @ResponseStatus(HttpStatus.CONFLICT)
    public Map<String, String> conflict(IllegalStateException e) {
        return Map.of("error", e.getMessage());
    }
}
