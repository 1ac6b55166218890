package pk.gov.punjab.rabta.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** rabta audit verify: checks the running bus's audit log chain and names each changed or deleted row. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit log of a running bus.",
        subcommands = AuditCommand.Verify.class)
class AuditCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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
