package baton.cli;

import baton.engine.plan.DryRun;
import baton.engine.plan.DryRunJob;
import baton.engine.plan.EarlierRuns;
import baton.client.BatonClient;
import baton.client.StartRequest;
import baton.engine.Engine;
import baton.engine.RunOptions;
import baton.engine.RunRefused;
import baton.format.LoadException;
import baton.format.LoadedPipeline;
import baton.model.Need;
import baton.model.When;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A dry run: what {@code baton run} would do with the same options, checked the same way, with
 * nothing started and nothing written (the data directory is only read, and only for --resume,
 * --from and --only; it is never created).
 */
@Command(name = "plan", mixinStandardHelpOptions = true, footerHeading = BatonCli.EXAMPLE, footer = {"  baton plan examples/course/course.baton.yaml --from baskets"}, description = "Dry run: every job in start order, with its needs, what is switched off and why, and its command.")
final class PlanCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the pipeline to plan: a YAML/JSON pipeline, a CASCADE.md or ROADMAP.md, a script, or a folder of numbered scripts") Path file;
    @Mixin RunFlags flags;
    @Option(names = "--json", description = "print the plan as JSON") boolean json;
    @Option(names = "--yaml", description = "print the equivalent pipeline file instead (a script or a folder of scripts as a pipeline to grow from)") boolean yaml;
    @Mixin DataDir dataDir;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws LoadException, RunRefused {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadedPipeline pipeline = flags.checkAndLoad(file);
        if (yaml) {
            Path source = Path.of(pipeline.sourcePath());
            out.print(baton.format.PipelineWriter.toYaml(pipeline.definition(), java.nio.file.Files.isDirectory(source) ? source : source.getParent()));
            out.flush();
            return BatonCli.OK;
        }
        List<String> inputFiles = flags.inputFiles(pipeline);
        List<DryRun> plans = new ArrayList<>();
        if (flags.readHistory() && Files.isRegularFile(dataDir.path().resolve("baton.mv.db"))) {
            // the history is the service's to read (it holds the database): it plans against it
            StartRequest request = new StartRequest(StartRequest.PipelineSource.of(pipeline), flags.options(pipeline), inputFiles,
                    flags.limit(pipeline), flags.resume, true);
            try (BatonClient client = dataDir.connect()) {
                BatonClient.Planned planned = client.plan(request);
                for (String note : planned.notes()) err.println("baton: " + note);
                plans.addAll(planned.plans());
            }
        } else {
            // no history yet: planned here, and the data directory is left as it is (none is made)
            try (EarlierRuns none = EarlierRuns.none()) {
                RunOptions base = flags.options(pipeline, none, err);
                for (String input : RunFlags.perRun(inputFiles)) plans.add(Engine.planRun(pipeline, base.withInput(input), none));
            }
        }
        if (json) {
            if (plans.size() == 1) {
                out.println(Json.write(json(plans.getFirst())));
            } else {
                ArrayNode arr = Json.MAPPER.createArrayNode();
                for (DryRun p : plans) arr.add(json(p));
                out.println(Json.write(arr));
            }
        } else {
            for (int i = 0; i < plans.size(); i++) {
                if (i > 0) out.println();
                print(out, plans.get(i));
            }
        }
        return BatonCli.OK;
    }

    static void print(PrintWriter out, DryRun plan) {
        out.println("plan of pipeline '" + plan.pipelineId() + "' (" + safe(plan.file()) + "): " + plan.jobs().size() + " job(s), concurrency "
                + plan.concurrency() + (plan.selection() == null ? "" : ", " + plan.selection()));
        Map<String, String> everyJob = new LinkedHashMap<>(plan.env());
        everyJob.putAll(plan.params());
        if (plan.input() != null) everyJob.put("BATON_INPUT", plan.input());
        if (!everyJob.isEmpty()) out.println("every job gets " + vars(everyJob));
        int width = Math.min(30, plan.jobs().stream().mapToInt(j -> j.id().length()).max().orElse(0));
        for (DryRunJob j : plan.jobs()) {
            StringBuilder line = new StringBuilder(String.format("%-" + width + "s", j.id()));
            if (j.name() != null) line.append(" \"").append(j.name()).append('"');
            line.append("  ").append(j.needs().isEmpty() ? "no needs" : "needs " + needs(j.needs()));
            line.append("  ").append(j.stateText());
            if (j.fanOut() != null) line.append(": ").append(j.fanOut());
            if (j.reason() != null) line.append(j.fanOut() != null ? "; " : ": ").append(j.reason());
            line.append("  ").append(command(j));
            Map<String, String> own = new LinkedHashMap<>(j.env());
            everyJob.forEach((k, v) -> own.remove(k, v));
            if (!own.isEmpty()) line.append("  with ").append(vars(own));
            out.println(safe(line.toString()));
        }
    }

    private static String needs(List<Need> needs) {
        List<String> parts = new ArrayList<>();
        for (Need n : needs) parts.add(n.when() == When.SUCCESS ? n.phase() : n.phase() + " (" + n.when().wire() + ")");
        return String.join(", ", parts);
    }

    private static String command(DryRunJob j) {
        if (j.http() != null) {
            return "http " + (j.http().method() == null ? "POST" : j.http().method()) + " " + j.http().url() + (j.http().callback() ? " (waits for its callback)" : "");
        }
        return "$ " + j.run().strip().replace("\n", "\\n ");
    }

    /** NAME=value pairs, long values cut: the JSON has them whole. */
    private static String vars(Map<String, String> env) {
        List<String> parts = new ArrayList<>();
        env.forEach((k, v) -> parts.add(k + "=" + Text.cut(v.replace("\n", "\\n"), 40)));
        return String.join(" ", parts);
    }

    /** Text from files and options, made harmless on a terminal (no escape sequence is obeyed). */
    private static String safe(String s) {
        return new String(TerminalText.neutralise(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** The documented JSON of a plan (README, "baton plan"). */
    static ObjectNode json(DryRun plan) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("pipeline", plan.pipelineId());
        o.put("file", plan.file());
        o.put("input", plan.input());
        o.put("concurrency", plan.concurrency());
        o.put("selection", plan.selection());
        plan.params().forEach(o.putObject("params")::put);
        plan.env().forEach(o.putObject("env")::put);
        ArrayNode jobs = o.putArray("jobs");
        for (DryRunJob j : plan.jobs()) {
            ObjectNode jo = jobs.addObject();
            jo.put("id", j.id());
            jo.put("phase", j.phase());
            jo.put("name", j.name());
            ArrayNode needs = jo.putArray("needs");
            for (Need n : j.needs()) needs.addObject().put("phase", n.phase()).put("when", n.when().wire());
            jo.put("state", j.state().wire());
            jo.put("state_text", j.stateText());
            jo.put("reason", j.reason());
            jo.put("outputs_from", j.outputsFrom());
            jo.put("run", j.run());
            if (j.http() == null) {
                jo.putNull("http");
            } else {
                jo.putObject("http").put("url", j.http().url()).put("method", j.http().method() == null ? "POST" : j.http().method())
                        .put("callback", j.http().callback());
            }
            jo.put("cwd", j.cwd());
            j.env().forEach(jo.putObject("env")::put);
            jo.put("item", j.item());
            jo.put("index", j.index());
            jo.put("fan_out", j.fanOut());
        }
        return o;
    }
}
