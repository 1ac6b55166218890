package pk.gov.punjab.rabta.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** rabta audit list and verify: reads the running bus's audit log, and checks its chain, naming each changed or deleted row. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit log of a running bus: list entries, verify the chain.",
        subcommands = {AuditCommand.ListEntries.class, AuditCommand.Verify.class})
class AuditCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists audit entries, newest first: who did what to which target, and why.")
    static class ListEntries implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @Option(names = "--actor", description = "only this user's actions (the bus itself is 'bus')")
        String actor;

        @Option(names = "--action", description = "only actions starting so, e.g. dead-letter. or flow.paused")
        String action;

        @Option(names = "--target", description = "only this target: a dead-letter id, an edit, a job or a flow")
        String target;

        @Option(names = "--limit", defaultValue = "50", description = "entries to show, at most 1000 (default: ${DEFAULT-VALUE})")
        int limit;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            StringBuilder query = new StringBuilder("/api/ops/audit?limit=" + limit);
            Map<String, String> filters = new LinkedHashMap<>();
            filters.put("actor", actor);
            filters.put("action", action);
            filters.put("target", target);
            filters.forEach((name, value) -> {
                if (value != null) {
                    query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
            });
            PrintWriter out = spec.commandLine().getOut();
            for (JsonNode entry : BusConnection.json(bus.get(query.toString()))) {
                out.println(entry.path("seq").asLong() + "  " + entry.path("at").asText() + "  " + entry.path("actor").asText() + "  "
                        + entry.path("action").asText() + "  " + entry.path("target").asText("-")
                        + (entry.path("reason").isNull() ? "" : "  \"" + entry.path("reason").asText() + "\"")
                        + (entry.path("details").isNull() ? "" : "  " + entry.path("details").asText()));
            }
            return BusConnection.ExitCodes.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Walks the hash chain of the audit log; exit 0 if every row is intact, 1 naming each changed or deleted row.")
    static class Verify implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            JsonNode verification = BusConnection.json(bus.get("/api/ops/audit/verify"));
            PrintWriter out = spec.commandLine().getOut();
            if (verification.get("intact").asBoolean()) {
                out.println("OK: " + verification.get("rows").asLong() + " audit rows, chain intact up to row " + verification.get("lastSeq").asLong());
                return BusConnection.ExitCodes.OK;
            }
            verification.get("problems").forEach(problem -> out.println("BROKEN: " + problem.get("problem").asText()));
            out.println(verification.get("problems").size() + " problem(s) in " + verification.get("rows").asLong() + " audit rows");
            return BusConnection.ExitCodes.PROBLEMS_FOUND;
        }
    }
}
