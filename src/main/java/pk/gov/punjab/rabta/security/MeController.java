package pk.gov.punjab.rabta.security;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** GET /api/ops/me: who the caller is, what they may do, and the CSRF token the console sends with each change. */
@RestController
@Tag(name = "Session")
public class MeController {
    @GetMapping("/api/ops/me")
    @Operation(summary = "The caller's name and roles, and the CSRF token for a console session")
    public Map<String, Object> me(Authentication caller, CsrfToken csrf) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("user", caller.getName());
        List<String> roles = Arrays.stream(Role.values()).filter(role -> role.heldBy(caller)).map(role -> role.name().toLowerCase()).toList();
        me.put("roles", roles);
        me.put("operator", Role.OPERATOR.heldBy(caller));
        me.put("approver", Role.APPROVER.heldBy(caller));
        me.put("admin", Role.ADMIN.heldBy(caller));
        me.put("csrfHeader", csrf.getHeaderName());
        me.put("csrfToken", csrf.getToken());
        return me;
    }
}
