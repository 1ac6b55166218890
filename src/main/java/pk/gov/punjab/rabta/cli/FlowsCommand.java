package pk.gov.punjab.rabta.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;


/** rabta flows: each flow's state on a running bus; pause and resume. */
@Command(name = "flows", mixinStandardHelpOptions = true,
        description = "Shows each flow of a running bus: state, delivered, dead letters, rate, lag, last error.",
        subcommands = {FlowsCommand.Pause.class, FlowsCommand.Resume.class})
class FlowsCommand implements Callable<Integer> {
    @CommandLine.Mixin
    BusConnection bus = new BusConnection();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-30s  %-14s  %9s  %9s  %8s  %9s  %8s  %s%n", "FLOW", "STATE", "DELIVERED", "DEAD", "WAITING", "PER SEC", "LAG S", "LAST ERROR");
        for (JsonNode flow : BusConnection.json(bus.get("/api/ops/flows"))) {
            out.printf("%-30s  %-14s  %9d  %9d  %8d  %9.2f  %8s  %s%n", flow.path("flow").asText(), flow.path("state").asText(),
                    flow.path("delivered").asLong(), flow.path("deadLetters").asLong(), flow.path("waiting").asLong(),
                    flow.path("deliveredPerSecond").asDouble(), flow.path("lagSeconds").isNull() ? "-" : flow.path("lagSeconds").asText(),
                    flow.path("lastError").isNull() ? "" : flow.path("lastError").asText());
        }
        return BusConnection.ExitCodes.OK;
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stops a flow's routes until resumed (or the bus restarts).")
    static class Pause implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @CommandLine.Parameters(index = "0", description = "the flow")
        String flow;

        @Option(names = "--why", description = "the reason, kept in the audit log")
        String why;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            JsonNode state = bus.postReason("/api/ops/flows/" + DlqCommands.path(flow) + "/pause", why);
            spec.commandLine().getOut().println(flow + ": " + state.get("state").asText());
            return BusConnection.ExitCodes.OK;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Starts a paused flow's routes again.")
    static class Resume implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @CommandLine.Parameters(index = "0", description = "the flow")
        String flow;

        @Option(names = "--why", description = "the reason, kept in the audit log")
        String why;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            JsonNode state = bus.postReason("/api/ops/flows/" + DlqCommands.path(flow) + "/resume", why);
            spec.commandLine().getOut().println(flow + ": " + state.get("state").asText());
            return BusConnection.ExitCodes.OK;
        }
    }
}
