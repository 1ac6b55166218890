package pk.gov.punjab.rabta.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** The users of bus-test.properties: vera views, olga operates, omar operates and approves, amna approves, root administers, nobody has no role. */
public final class TestUsers {
    public static final String PASSWORD = "test-only-password";
    public static final String HASH = "{bcrypt}$2a$04$6JNgkwbeIAnXV7LlOhXzfecMAZjlwo20L9uwz.5K34XtSqTUff.ii";

    public static final String VIEWER = "vera";
    public static final String OPERATOR = "olga";
    public static final String OPERATOR_AND_APPROVER = "omar";
    public static final String APPROVER = "amna";
    public static final String ADMIN = "root";
    public static final String NO_ROLE = "nobody";

    private TestUsers() {
    }

    /** An Authorization header value for HTTP basic. */
    public static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** Command-line arguments that give a bus started with SpringApplicationBuilder or java -jar an administrator. */
    public static List<String> adminArgs() {
        return List.of("--rabta.security.users." + ADMIN + ".password-hash=" + HASH, "--rabta.security.users." + ADMIN + ".roles=admin");
    }
}
