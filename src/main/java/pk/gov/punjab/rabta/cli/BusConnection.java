package pk.gov.punjab.rabta.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import pk.gov.punjab.rabta.record.RecordJson;

/**
 * How a command reaches a running bus: its address, a user, and that user's password from RABTA_PASSWORD or a file
 * (never an argument, which other users of the machine could read in the process list).
 */
class BusConnection {
    static final String PASSWORD_VARIABLE = "RABTA_PASSWORD";

    @Option(names = "--url", description = "the bus's web address (default: ${DEFAULT-VALUE})", defaultValue = "http://127.0.0.1:8080")
    URI url;

    @Option(names = "--user", description = "user name on the bus (default: $RABTA_USER, else admin)",
            defaultValue = "${env:RABTA_USER:-admin}")
    String user;

    @Option(names = "--password-file", description = "file whose first line is the password (default: the RABTA_PASSWORD variable)")
    Path passwordFile;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> post(String path, String jsonBody) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    /** Posts an operator's action with its reason (none when null; the bus keeps an empty reason as none) and reads the answer. */
    JsonNode postReason(String path, String why) throws IOException {
        return json(post(path, RecordJson.write(Map.of("reason", why == null ? "" : why))));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password()).getBytes(StandardCharsets.UTF_8)));
    }

    private String password() {
        if (passwordFile != null) {
            try {
                return Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new Failure(ExitCodes.USAGE, "Cannot read the password file " + passwordFile + ": " + e.getMessage());
            }
        }
        String fromEnvironment = System.getenv(PASSWORD_VARIABLE);
        if (fromEnvironment == null) {
            throw new Failure(ExitCodes.USAGE, "No password: set " + PASSWORD_VARIABLE + " or give --password-file");
        }
        return fromEnvironment;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Failure(ExitCodes.UNAVAILABLE, "Cannot reach the bus at " + url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(ExitCodes.UNAVAILABLE, "Interrupted while waiting for the bus at " + url);
        }
        int status = response.statusCode();
        if (status == 401) {
            throw new Failure(ExitCodes.NOT_ALLOWED, "The bus at " + url + " does not know user '" + user + "' with that password");
        }
        if (status == 403) {
            throw new Failure(ExitCodes.NOT_ALLOWED, "User '" + user + "' may not do this (" + response.request().method() + " "
                    + response.uri().getPath() + ")");
        }
        if (status >= 500) {
            throw new Failure(ExitCodes.UNAVAILABLE, "The bus at " + url + " failed: " + status + " " + response.body());
        }
        return response;
    }

    /** The response's JSON, or a usage failure carrying the bus's own message for a 4xx answer. */
    static JsonNode json(HttpResponse<String> response) throws IOException {
        if (response.statusCode() >= 400) {
            throw new Failure(ExitCodes.USAGE, errorMessage(response));
        }
        return RecordJson.MAPPER.readTree(response.body());
    }

    static String errorMessage(HttpResponse<String> response) {
        try {
            JsonNode body = RecordJson.MAPPER.readTree(response.body());
            if (body.hasNonNull("error") && body.size() == 1) {
                return body.get("error").asText();
            }
            return body.path("message").asText(body.path("error").asText(response.body()));
        } catch (IOException e) {
            return response.statusCode() + " " + response.body();
        }
    }

    /** A command cannot go on; its message goes to standard error and its code is the exit code. */
    static final class Failure extends RuntimeException {
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** What a script sees: see RabtaCli's description. */
    static final class ExitCodes {
        static final int OK = 0;
        static final int PROBLEMS_FOUND = 1;
        static final int USAGE = 2;
        static final int NOT_ALLOWED = 3;
        static final int UNAVAILABLE = 4;

        private ExitCodes() {
        }
    }

    static CommandLine.IExecutionExceptionHandler exceptionHandler() {
        return (e, cmd, parsed) -> {
            cmd.getErr().println(e.getMessage());
            return e instanceof Failure failure ? failure.exitCode : ExitCodes.USAGE;
        };
    }
}
