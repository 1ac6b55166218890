package pk.gov.punjab.rabta.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * rabta.security.*: the users of the API and console, each with a hashed password and roles, and the first
 * administrator, whose password comes from the environment (RABTA_ADMIN_PASSWORD) and is hashed at start.
 */
@ConfigurationProperties("rabta.security")
public class SecuritySettings {
    private String adminUser = "admin";
    private String adminPassword = "";
    private Map<String, User> users = new LinkedHashMap<>();

    public String getAdminUser() {
        return adminUser;
    }

    public void setAdminUser(String adminUser) {
        this.adminUser = adminUser;
    }

    public String getAdminPassword() {
        return adminPassword;
    }

    public void setAdminPassword(String adminPassword) {
        this.adminPassword = adminPassword;
    }

    public Map<String, User> getUsers() {
        return users;
    }

    public void setUsers(Map<String, User> users) {
        this.users = users;
    }

    /** One user: a password hash in Spring Security's {id}hash form (e.g. {bcrypt}$2a$10$...) and roles. */
    public static class User {
        private String passwordHash;
        private List<String> roles = List.of();

        public String getPasswordHash() {
            return passwordHash;
        }

        public void setPasswordHash(String passwordHash) {
            this.passwordHash = passwordHash;
        }

        public List<String> getRoles() {
            return roles;
        }

        public void setRoles(List<String> roles) {
            this.roles = roles;
        }
    }
}
