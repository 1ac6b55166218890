package pk.gov.punjab.rabta.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.core.Authentication;

/**
 * The roles of the ops API and console. viewer reads (with CNICs and names masked); operator also replays, discards,
 * edits and pauses flows; approver approves another person's edit; admin holds all of them and may reload definitions
 * and purge payloads.
 */
public enum Role {
    VIEWER, OPERATOR, APPROVER, ADMIN;

    static final RoleHierarchy HIERARCHY = RoleHierarchyImpl.withDefaultRolePrefix()
            .role("ADMIN").implies("OPERATOR", "APPROVER")
            .role("OPERATOR").implies("VIEWER")
            .role("APPROVER").implies("VIEWER")
            .build();

    public String authority() {
        return "ROLE_" + name();
    }

    public static Role of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + name + "'; roles are "
                    + Arrays.stream(values()).map(r -> r.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")), e);
        }
    }

    /** Whether the caller holds this role, directly or through admin (operator and approver each include viewer). */
    public boolean heldBy(Authentication caller) {
        return caller != null && HIERARCHY.getReachableGrantedAuthorities(caller.getAuthorities()).stream()
                .anyMatch(granted -> authority().equals(granted.getAuthority()));
    }
}
