package pk.gov.punjab.rabta.definition;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** POST /api/definitions/reload: what changed, or 422 with every problem while the running definitions stay in use. */
@RestController
public class DefinitionReloadController {
    private final DefinitionReload reload;

    public DefinitionReloadController(DefinitionReload reload) {
        this.reload = reload;
    }

    @PostMapping("/api/definitions/reload")
    public ResponseEntity<DefinitionReload.Outcome> reload() {
        DefinitionReload.Outcome outcome = reload.reload();
        return ResponseEntity.status(outcome.reloaded() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(outcome);
    }
}
