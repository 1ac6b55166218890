package pk.gov.punjab.rabta.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import pk.gov.punjab.rabta.record.RecordJson;

/** rabta dlq: the dead letters of a running bus, over its ops API. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Find, show, replay, discard, export and edit the dead letters of a running bus; follow and cancel bulk replays.",
        subcommands = {DlqCommands.ListLetters.class, DlqCommands.Show.class, DlqCommands.Replay.class, DlqCommands.Discard.class,
                DlqCommands.Export.class, DlqCommands.Edit.class, DlqCommands.Edits.class, DlqCommands.Approve.class,
                DlqCommands.Reject.class, DlqCommands.Parked.class, DlqCommands.Purge.class, DlqCommands.Jobs.class,
                DlqCommands.Cancel.class})
class DlqCommands implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The filter options every dlq command that selects letters shares. */
    static class FilterOptions {
        @Option(names = "--flow", description = "only this flow's letters")
        String flow;

        @Option(names = "--reason", description = "VALIDATION, UNMAPPED_CODE, SCHEMA, MATCHING, TARGET_REJECTED or UNEXPECTED")
        String reason;

        @Option(names = "--from", description = "last failed at or after this instant, e.g. 2026-11-03T00:00:00Z")
        String from;

        @Option(names = "--to", description = "last failed at or before this instant")
        String to;

        @Option(names = "--entity-key", description = "only letters of this entity, e.g. CJ-LHR:1042")
        String entityKey;

        @Option(names = {"--text", "-q"}, description = "free text anywhere in the letter")
        String text;

        String query() {
            Map<String, String> parts = new LinkedHashMap<>();
            parts.put("flow", flow);
            parts.put("reason", reason);
            parts.put("from", from);
            parts.put("to", to);
            parts.put("entityKey", entityKey);
            parts.put("q", text);
            StringBuilder query = new StringBuilder();
            parts.forEach((name, value) -> {
                if (value != null) {
                    query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
            });
            return query.toString();
        }

        Map<String, Object> json(List<String> ids) {
            Map<String, Object> filter = new LinkedHashMap<>();
            filter.put("flow", flow);
            filter.put("reason", reason);
            filter.put("from", from);
            filter.put("to", to);
            filter.put("entityKey", entityKey);
            filter.put("q", text);
            filter.put("ids", ids);
            return filter;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists dead letters matching the filter, a page at a time.")
    static class ListLetters implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @CommandLine.Mixin
        FilterOptions filter = new FilterOptions();

        @Option(names = "--offset", defaultValue = "0", description = "letters to skip (default: ${DEFAULT-VALUE})")
        int offset;

        @Option(names = "--limit", defaultValue = "50", description = "letters to show, at most 1000 (default: ${DEFAULT-VALUE})")
        int limit;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            JsonNode page = BusConnection.json(bus.get("/api/ops/dead-letters?offset=" + offset + "&limit=" + limit + filter.query()));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-36s  %-28s  %-15s  %-18s  %-24s  %s%n", "ID", "FLOW", "REASON", "ENTITY", "LAST FAILED", "MESSAGE");
            for (JsonNode letter : page.get("items")) {
                out.printf("%-36s  %-28s  %-15s  %-18s  %-24s  %s%n", letter.path("deadLetterId").asText(), letter.path("flow").asText(),
                        letter.path("reason").asText(), letter.path("entityKey").asText(), letter.path("lastFailedAt").asText(),
                        letter.path("message").asText());
            }
            out.println(page.get("items").size() + " of " + page.get("total").asInt() + " dead letter(s)");
            return BusConnection.ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one dead letter in full, as JSON.")
    static class Show implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @CommandLine.Parameters(index = "0", description = "the flow")
        String flow;

        @CommandLine.Parameters(index = "1", description = "the dead letter's id")
        String id;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            JsonNode letter = BusConnection.json(bus.get("/api/ops/dead-letters/" + path(flow) + "/" + path(id)));
            spec.commandLine().getOut().println(RecordJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(letter));
            return BusConnection.ExitCodes.OK;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Replays dead letters: the ones named with --id, or with --all every one matching the filter.",
                    "Bulk replays run on the bus at --rate messages per second; progress is printed until done."})
    static class Replay implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @CommandLine.Mixin
        FilterOptions filter = new FilterOptions();

        @Option(names = "--id", description = "a dead letter to replay (repeat for several)")
        List<String> ids = new ArrayList<>();

        @Option(names = "--all", description = "replay every letter matching the filter (required when no --id is given)")
        boolean all;

        @Option(names = "--rate", description = "messages per second for a bulk replay; 0 for no limit (default: the bus's setting)")
        Double rate;

        @Option(names = "--why", description = "the reason, kept in the audit log")
        String why;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            if (ids.isEmpty() && !all) {
                throw new BusConnection.Failure(BusConnection.ExitCodes.USAGE, "Name letters with --id, or give --all to replay every letter matching the filter");
            }
            if (ids.size() == 1 && filter.flow != null) {
                JsonNode letter = bus.postReason("/api/ops/dead-letters/" + path(filter.flow) + "/" + path(ids.get(0)) + "/replay", why);
                out.println("Replayed " + letter.get("deadLetterId").asText() + " (" + letter.path("entityKey").asText() + ")");
                return BusConnection.ExitCodes.OK;
            }
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("filter", filter.json(ids.isEmpty() ? null : ids));
            request.put("ratePerSecond", rate);
            request.put("reason", why);
            JsonNode job = BusConnection.json(bus.post("/api/ops/dead-letters/replay", RecordJson.write(request)));
            String jobId = job.get("id").asText();
            out.println("Replay job " + jobId + " started");
            while (job.get("state").asText().equals("QUEUED") || job.get("state").asText().equals("RUNNING")) {
                Thread.sleep(1_000);
                job = BusConnection.json(bus.get("/api/ops/replay-jobs/" + jobId));
                out.println(job.get("replayed").asInt() + "/" + job.get("total").asInt() + " replayed, " + job.get("rate").asDouble() + "/s");
            }
            out.println(job.get("state").asText() + ": " + job.get("replayed").asInt() + " replayed, " + job.get("failed").asInt() + " failed, "
                    + job.get("notReplayable").asInt() + " not replayable (failed before the bus), " + job.get("rate").asDouble() + " messages/s");
            boolean complete = job.get("state").asText().equals("DONE") && job.get("failed").asInt() == 0 && job.get("notReplayable").asInt() == 0;
            return complete ? BusConnection.ExitCodes.OK : BusConnection.ExitCodes.PROBLEMS_FOUND;
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true, description = "Discards one dead letter, with a reason; its entity's held updates go on.")
    static class Discard implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @CommandLine.Parameters(index = "0", description = "the flow")
        String flow;

        @CommandLine.Parameters(index = "1", description = "the dead letter's id")
        String id;

        @Option(names = "--why", required = true, description = "the reason, kept in the audit log")
        String why;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            JsonNode letter = bus.postReason("/api/ops/dead-letters/" + path(flow) + "/" + path(id) + "/discard", why);
            spec.commandLine().getOut().println("Discarded " + letter.get("deadLetterId").asText() + " (" + letter.path("entityKey").asText() + ")");
            return BusConnection.ExitCodes.OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Writes every letter matching the filter as JSON or CSV.")
    static class Export implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @CommandLine.Mixin
        FilterOptions filter = new FilterOptions();

        @Option(names = "--format", defaultValue = "json", description = "json or csv (default: ${DEFAULT-VALUE})")
        String format;

        @Option(names = {"--output", "-o"}, description = "file to write (default: standard output)")
        Path output;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            HttpResponse<String> response = bus.get("/api/ops/dead-letters/export?format=" + URLEncoder.encode(format, StandardCharsets.UTF_8)
                    + filter.query());
            if (response.statusCode() >= 400) {
                throw new BusConnection.Failure(BusConnection.ExitCodes.USAGE, BusConnection.errorMessage(response));
            }
            if (output != null) {
                Files.writeString(output, response.body(), StandardCharsets.UTF_8);
            } else {
                spec.commandLine().getOut().print(response.body());
                spec.commandLine().getOut().flush();
            }
            return BusConnection.ExitCodes.OK;
        }
    }

    @Command(name = "edit", mixinStandardHelpOptions = true,
            description = "Proposes a change to a dead letter's canonical record (a JSON Patch file); another person with the approver"
                    + " role approves it, and the edited record is replayed.")
    static class Edit implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @CommandLine.Parameters(index = "0", description = "the flow")
        String flow;

        @CommandLine.Parameters(index = "1", description = "the dead letter's id")
        String id;

        @Option(names = "--patch", required = true, description = "a JSON Patch (RFC 6902) file, e.g. [{\"op\":\"replace\",\"path\":\"/payload/person/cnic\",\"value\":\"3520212345671\"}]")
        Path patch;

        @Option(names = "--why", required = true, description = "the reason, kept with the edit and in the audit log")
        String why;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("patch", RecordJson.MAPPER.readTree(Files.readString(patch, StandardCharsets.UTF_8)));
            request.put("reason", why);
            JsonNode edit = BusConnection.json(bus.post("/api/ops/dead-letters/" + path(flow) + "/" + path(id) + "/edits",
                    RecordJson.write(request)));
            spec.commandLine().getOut().println("Edit " + edit.get("id").asText() + " waits for approval by another approver");
            return BusConnection.ExitCodes.OK;
        }
    }

    @Command(name = "edits", mixinStandardHelpOptions = true, description = "Lists proposed edits, newest first.")
    static class Edits implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @Option(names = "--state", description = "PENDING, APPROVED or REJECTED")
        String state;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            JsonNode edits = BusConnection.json(bus.get("/api/ops/edits" + (state == null ? "" : "?state=" + path(state))));
            PrintWriter out = spec.commandLine().getOut();
            for (JsonNode edit : edits) {
                out.println(edit.path("id").asText() + "  " + edit.path("state").asText() + "  " + edit.path("flow").asText() + "  "
                        + edit.path("deadLetterId").asText() + "  by " + edit.path("editor").asText() + ": " + edit.path("reason").asText());
            }
            return BusConnection.ExitCodes.OK;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approves another person's edit (approver role) and replays the edited record.")
    static class Approve implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @CommandLine.Parameters(index = "0", description = "the edit's id")
        String edit;

        @Option(names = "--comment", description = "a comment kept with the decision")
        String comment;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Map<String, Object> decision = new LinkedHashMap<>();
            decision.put("comment", comment);
            JsonNode approved = BusConnection.json(bus.post("/api/ops/edits/" + path(edit) + "/approve", RecordJson.write(decision)));
            spec.commandLine().getOut().println("Edit " + approved.path("id").asText() + " " + approved.path("state").asText());
            return BusConnection.ExitCodes.OK;
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Rejects an edit; the letter stays on its dead-letter queue.")
    static class Reject implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @CommandLine.Parameters(index = "0", description = "the edit's id")
        String edit;

        @Option(names = "--why", required = true, description = "the reason")
        String why;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            JsonNode rejected = bus.postReason("/api/ops/edits/" + path(edit) + "/reject", why);
            spec.commandLine().getOut().println("Edit " + rejected.path("id").asText() + " " + rejected.path("state").asText());
            return BusConnection.ExitCodes.OK;
        }
    }

    @Command(name = "parked", mixinStandardHelpOptions = true, description = "Entities whose updates wait behind a dead letter.")
    static class Parked implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            for (JsonNode entry : BusConnection.json(bus.get("/api/ops/parked"))) {
                out.println(entry.path("flow").asText() + "  " + entry.path("entityKey").asText() + "  held " + entry.path("held").asLong()
                        + "  behind " + entry.path("deadLetterId").asText());
            }
            return BusConnection.ExitCodes.OK;
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Purges the payloads of dead letters older than the configured age, or --older-than (admin); audited.")
    static class Purge implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @Option(names = "--older-than", description = "an ISO-8601 duration, e.g. P30D")
        String olderThan;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            JsonNode outcome = BusConnection.json(bus.post("/api/ops/retention/purge"
                    + (olderThan == null ? "" : "?olderThan=" + path(olderThan)), null));
            spec.commandLine().getOut().println("Purged " + outcome.path("purged").asText() + " payload(s) older than "
                    + outcome.path("cutoff").asText());
            return BusConnection.ExitCodes.OK;
        }
    }

    @Command(name = "jobs", mixinStandardHelpOptions = true, description = "Lists the bulk replays of this run of the bus, newest first, with their progress.")
    static class Jobs implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-36s  %-9s  %-12s  %9s  %9s  %6s  %8s  %s%n", "JOB", "STATE", "BY", "REPLAYED", "OF", "FAILED", "PER SEC", "STARTED");
            for (JsonNode job : BusConnection.json(bus.get("/api/ops/replay-jobs"))) {
                out.printf("%-36s  %-9s  %-12s  %9d  %9d  %6d  %8.1f  %s%n", job.path("id").asText(), job.path("state").asText(),
                        job.path("requestedBy").asText(), job.path("replayed").asInt(), job.path("total").asInt(), job.path("failed").asInt(),
                        job.path("rate").asDouble(), job.path("startedAt").isNull() ? "-" : job.path("startedAt").asText());
            }
            return BusConnection.ExitCodes.OK;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancels a bulk replay (see dlq jobs); the letters not yet replayed stay on their dead-letter queue. Audited.")
    static class Cancel implements Callable<Integer> {
        @CommandLine.Mixin
        BusConnection bus = new BusConnection();

        @CommandLine.Parameters(index = "0", description = "the replay job's id")
        String job;

        @Option(names = "--why", description = "the reason, kept in the audit log")
        String why;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            JsonNode cancelled = bus.postReason("/api/ops/replay-jobs/" + path(job) + "/cancel", why);
            spec.commandLine().getOut().println("Cancelled replay job " + cancelled.path("id").asText() + " after "
                    + cancelled.path("replayed").asInt() + " of " + cancelled.path("total").asInt() + " letter(s)");
            return BusConnection.ExitCodes.OK;
        }
    }

    static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
