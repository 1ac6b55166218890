package pk.gov.punjab.rabta.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import pk.gov.punjab.rabta.record.RecordJson;

/** rabta reload: asks the running bus to take its definitions from disk again, and prints what changed or why not. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Asks the running bus to reload routes, mappings, code tables and schemas; on any problem it keeps the running ones"
                + " and the problems are printed as file:line:column.")
class ReloadCommand implements Callable<Integer> {
    @Option(names = "--url", description = "the bus's web address (default: ${DEFAULT-VALUE})", defaultValue = "http://127.0.0.1:8080")
    URI url;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        HttpRequest request = HttpRequest.newBuilder(url.resolve("/api/definitions/reload"))
                .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            spec.commandLine().getErr().println("Cannot reach the bus at " + url + ": " + e);
            return 2;
        }
        if (response.statusCode() != 200 && response.statusCode() != 422) {
            spec.commandLine().getErr().println("The bus at " + url + " answered " + response.statusCode() + ": " + response.body());
            return 2;
        }
        JsonNode outcome = RecordJson.MAPPER.readTree(response.body());
        if (!outcome.get("reloaded").asBoolean()) {
            outcome.get("errors").forEach(error -> out.println(error.asText()));
            out.println("Not reloaded: " + outcome.get("errors").size() + " problem(s); the running definitions stay in use");
            return 1;
        }
        outcome.get("mappings").forEach(m -> out.println("mapping " + m.get("name").asText() + ": v" + m.get("oldVersion").asText("-")
                + " -> v" + m.get("newVersion").asText("-")));
        print(out, "code table", outcome.get("codeTables"), "added", "changed", "removed");
        print(out, "schema", outcome.get("schemas"), "added", "changed", "removed");
        print(out, "routes", outcome.get("routes"), "added", "reloaded", "removed");
        out.println("Reloaded");
        return 0;
    }

    private static void print(PrintWriter out, String what, JsonNode changes, String... kinds) {
        for (String kind : kinds) {
            changes.get(kind).forEach(name -> out.println(what + " " + name.asText() + ": " + kind));
        }
    }
}
