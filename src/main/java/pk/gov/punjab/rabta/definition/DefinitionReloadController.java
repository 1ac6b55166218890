package pk.gov.punjab.rabta.definition;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import pk.gov.punjab.rabta.audit.AuditLog;

/** POST /api/definitions/reload: what changed, or 422 with every problem while the running definitions stay in use. */
@RestController
public class DefinitionReloadController {
    private final DefinitionReload reload;
    private final AuditLog audit;

    public DefinitionReloadController(DefinitionReload reload, AuditLog audit) {
        this.reload = reload;
        this.audit = audit;
    }

    @PostMapping("/api/definitions/reload")
    public ResponseEntity<DefinitionReload.Outcome> reload(Authentication caller) {
        DefinitionReload.Outcome outcome = reload.reload();
        audit.recordNow(caller.getName(), "definitions.reload", null, null,
                Map.of("reloaded", outcome.reloaded(), "problems", outcome.errors().size()));
        return ResponseEntity.status(outcome.reloaded() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(outcome);
    }
}
