package pk.gov.punjab.rabta.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

import pk.gov.punjab.rabta.record.RecordJson;

/** rabta reload: asks the running bus to take its definitions from disk again, and prints what changed or why not. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Asks the running bus to reload routes, mappings, code tables and schemas; on any problem it keeps the running ones"
                + " and the problems are printed as file:line:column.")
class ReloadCommand implements Callable<Integer> {
    @CommandLine.Mixin
    BusConnection bus = new BusConnection();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        HttpResponse<String> response = bus.post("/api/definitions/reload", null);
        if (response.statusCode() != 200 && response.statusCode() != 422) {
            spec.commandLine().getErr().println("The bus at " + bus.url + " answered " + response.statusCode() + ": " + response.body());
            return BusConnection.ExitCodes.USAGE;
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
