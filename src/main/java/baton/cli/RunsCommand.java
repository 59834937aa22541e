package baton.cli;

import baton.client.BatonClient;
import baton.model.RunRecord;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

@Command(name = "runs", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton runs --limit 10"}, description = "List runs, newest first.")
final class RunsCommand extends ServiceVerb {
    @Option(names = "--json", description = "print JSON") boolean json;
    @Option(names = "--limit", defaultValue = "50", description = "how many (default: ${DEFAULT-VALUE})") int limit;

    @Override
    void checkOptions() {
        if (limit < 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1 (it was " + limit + ")");
    }

    @Override
    int execute(BatonClient client) {
        List<RunRecord> runs = client.runs(limit);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ArrayNode arr = Json.MAPPER.createArrayNode();
            for (RunRecord r : runs) {
                ObjectNode o = arr.addObject();
                o.put("run", r.id().value());
                o.put("pipeline", r.pipelineId());
                o.put("status", r.status().wire());
                o.put("started_at", Json.time(r.startedAt()));
                o.put("ended_at", Json.time(r.endedAt()));
                o.put("started_by", r.startedBy());
                o.put("file", r.sourcePath());
                if (r.input() != null) o.put("input", r.input());
            }
            out.println(Json.write(arr));
        } else if (runs.isEmpty()) {
            out.println("no runs yet: start one with 'baton run FILE'");
        } else {
            out.printf("%-16s %-20s %-11s %-20s %9s  %s%n", "RUN", "PIPELINE", "STATUS", "STARTED", "DURATION", "FILE");
            for (RunRecord r : runs) {
                out.printf("%-16s %-20s %-11s %-20s %9s  %s%n", r.id(), Text.cut(r.pipelineId(), 20), r.status().wire(),
                        Text.localTime(r.startedAt()), Text.duration(r.startedAt(), r.endedAt() != null ? r.endedAt() : Instant.now()),
                        r.sourcePath());
            }
        }
        return BatonCli.OK;
    }
}
