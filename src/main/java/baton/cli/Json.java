package baton.cli;

import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.Metrics;
import baton.model.RunRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The JSON shapes of SPEC 3 (the run summary and friends). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Json() {}

    static String time(Instant i) {
        return i == null ? null : TIME.format(i);
    }

    /** Attempts grouped by their job, each job's in the order given. */
    static Map<String, List<AttemptRecord>> byJob(List<AttemptRecord> attempts) {
        Map<String, List<AttemptRecord>> byJob = new java.util.HashMap<>();
        for (AttemptRecord a : attempts) byJob.computeIfAbsent(a.jobId(), k -> new java.util.ArrayList<>()).add(a);
        return byJob;
    }

    static ObjectNode summary(RunRecord run, List<JobRecord> jobs, List<AttemptRecord> attempts) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("run", run.id().value());
        o.put("pipeline", run.pipelineId());
        o.put("status", run.status().wire());
        o.put("started_at", time(run.startedAt()));
        o.put("ended_at", time(run.endedAt()));
        if (run.input() != null) o.put("input", run.input());
        ArrayNode arr = o.putArray("jobs");
        // each job's attempts, found by id: a scan per job made a 10,000-job summary take seconds
        Map<String, List<AttemptRecord>> attemptsOf = attempts == null ? Map.of() : byJob(attempts);
        for (JobRecord j : jobs) {
            ObjectNode jo = arr.addObject();
            jo.put("id", j.id());
            jo.put("phase", j.phaseId());
            jo.put("status", j.status().wire());
            jo.put("attempts", j.attempts());
            if (j.exitCode() == null) jo.putNull("exit_code"); else jo.put("exit_code", j.exitCode());
            jo.put("started_at", time(j.startedAt()));
            jo.put("ended_at", time(j.endedAt()));
            ObjectNode out = jo.putObject("outputs");
            for (Map.Entry<String, String> e : j.outputs().entrySet()) out.put(e.getKey(), e.getValue());
            if (j.error() == null) jo.putNull("error"); else jo.put("error", j.error());
            if (!j.metrics().isEmpty()) {
                // the job's total: every attempt's, failed ones included; each attempt's own are in "tries"
                ObjectNode mo = jo.putObject("metrics");
                j.metrics().forEach(mo::put);
            }
            if (!j.artifacts().isEmpty()) {
                ArrayNode ao = jo.putArray("artifacts");
                for (var a : j.artifacts()) {
                    var artifact = ao.addObject().put("path", a.path()).put("size", a.size()).put("sha256", a.sha256()).put("attempt", a.attempt());
                    if (a.isLink()) artifact.put("link", a.linkTarget());
                }
            }
            if (!j.warnings().isEmpty()) {
                ArrayNode wo = jo.putArray("warnings");
                j.warnings().forEach(wo::add);
            }
            if (attempts != null) {
                ArrayNode tries = jo.putArray("tries");
                for (AttemptRecord a : attemptsOf.getOrDefault(j.id(), List.of())) {
                    ObjectNode t = tries.addObject();
                    t.put("attempt", a.attempt());
                    t.put("status", a.status().wire());
                    t.put("started_at", time(a.startedAt()));
                    t.put("ended_at", time(a.endedAt()));
                    if (a.exitCode() == null) t.putNull("exit_code"); else t.put("exit_code", a.exitCode());
                    if (a.error() == null) t.putNull("error"); else t.put("error", a.error());
                    t.put("log", a.logPath());
                    t.put("log_size", a.logSize());
                    // through Slurm: where it ran (the window's job panel shows the same); a local or
                    // http attempt's summary stays as it was
                    if (a.slurmJobId() != null) {
                        t.put("executor", a.executor());
                        t.put("slurm_job_id", a.slurmJobId());
                        if (a.node() == null) t.putNull("node"); else t.put("node", a.node());
                    }
                    if (!a.metrics().isEmpty()) {
                        ObjectNode mo = t.putObject("metrics");
                        a.metrics().forEach(mo::put);
                    }
                }
            }
        }
        Map<String, Double> sums = metricSums(jobs);
        if (!sums.isEmpty()) {
            ObjectNode mo = o.putObject("metrics");
            sums.forEach(mo::put);
        }
        return o;
    }

    /** A run's metrics: each name summed over its jobs, so over every attempt of every job. */
    static Map<String, Double> metricSums(List<JobRecord> jobs) {
        return Metrics.sum(jobs.stream().map(JobRecord::metrics).toList());
    }

    static String write(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }
}
