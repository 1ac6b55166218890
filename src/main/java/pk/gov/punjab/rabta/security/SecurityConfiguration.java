package pk.gov.punjab.rabta.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.withDefaults;

/**
 * Who may do what. The API takes HTTP basic credentials on every request; the console logs in with a form and a
 * session, and its state-changing requests carry a CSRF token. Only the liveness probe is open to anyone.
 */
@Configuration
@EnableConfigurationProperties(SecuritySettings.class)
public class SecurityConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Paths answered with 401 rather than sent to the login form: scripts and the CLI call these. */
    private static final RequestMatcher MACHINE_PATHS = request -> {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/") || path.startsWith("/actuator/") || path.startsWith("/v3/api-docs");
    };

    @Bean
    // A bus started without its web server (a capture-only test) has no HTTP side to secure.
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain rabtaSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/liveness", "/login", "/error").permitAll()
                        // The SOAP endpoints authenticate each message with WS-Security UsernameToken instead.
                        .requestMatchers("/soap/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/definitions/reload").hasRole("ADMIN")
                        .requestMatchers("/api/ops/retention/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/ops/edits/*/approve", "/api/ops/edits/*/reject").hasRole("APPROVER")
                        .requestMatchers(HttpMethod.GET, "/api/**", "/actuator/**", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui/**",
                                "/swagger-ui.html", "/console/**", "/").hasRole("VIEWER")
                        .requestMatchers("/api/**").hasRole("OPERATOR")
                        .anyRequest().hasRole("ADMIN"))
                .httpBasic(basic -> basic.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .formLogin(form -> form.defaultSuccessUrl(ConsoleAddresses.PAGE, true))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // A request that brings its own credentials cannot be forged by another site, since no browser ever
                // stores them: the 401 above carries no basic challenge. The console's session requests need the token.
                .csrf(csrf -> csrf.ignoringRequestMatchers(request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null,
                        request -> request.getRequestURI().startsWith(request.getContextPath() + "/soap/")))
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), MACHINE_PATHS)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), withDefaults().matcher("/**")));
        return http.build();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return Role.HIERARCHY;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(SecuritySettings settings, PasswordEncoder encoder) {
        Map<String, UserDetails> users = new LinkedHashMap<>();
        settings.getUsers().forEach((name, user) -> users.put(name, configured(name, user)));
        if (!settings.getAdminPassword().isBlank()) {
            users.put(settings.getAdminUser(), User.withUsername(settings.getAdminUser())
                    .password(encoder.encode(settings.getAdminPassword())).roles(Role.ADMIN.name()).build());
        }
        if (users.isEmpty()) {
            log.warn("No users are configured, so the API and the console refuse every request (the flows run as usual)."
                    + " Set RABTA_ADMIN_PASSWORD for a first user '{}', or add rabta.security.users to config/application.yaml.",
                    settings.getAdminUser());
        } else {
            log.info("{} user(s) may use the API and console: {}", users.size(), users.keySet());
        }
        return name -> {
            UserDetails user = users.get(name);
            if (user == null) {
                throw new UsernameNotFoundException("no user '" + name + "'");
            }
            return User.withUserDetails(user).build();
        };
    }

    private static UserDetails configured(String name, SecuritySettings.User user) {
        String hash = user.getPasswordHash();
        if (hash == null || !hash.matches("\\{[a-z0-9]+}.+")) {
            throw new IllegalStateException("rabta.security.users." + name + ".password-hash must be a hash such as {bcrypt}$2a$10$...;"
                    + " make one with: bin/rabta hash-password");
        }
        List<String> roles = new ArrayList<>();
        for (String role : user.getRoles()) {
            try {
                roles.add(Role.of(role).name());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("rabta.security.users." + name + ".roles: " + e.getMessage(), e);
            }
        }
        return User.withUsername(name).password(hash).roles(roles.toArray(String[]::new)).build();
    }
}
