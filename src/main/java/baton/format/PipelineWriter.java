package baton.format;

import baton.model.Foreach;
import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RetryPolicy;
import baton.model.When;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A definition written back as a pipeline file (YAML), keys in the reference's order and only
 * where they differ from the defaults: what a script or a folder of scripts amounts to, so a
 * team can grow from scripts to a pipeline without retyping ({@code baton plan --yaml}, the
 * window's Save as pipeline). Reading the text back gives the same definition.
 */
public final class PipelineWriter {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private PipelineWriter() {}

    /** {@code cwd}s are written relative to {@code writtenIn} (the folder the YAML will live in) where they are below it. */
    public static String toYaml(PipelineDef def, Path writtenIn) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("pipeline", def.id());
        if (def.title() != null) top.put("title", def.title());
        if (def.concurrency() != null) top.put("concurrency", def.concurrency());
        if (!def.params().isEmpty()) top.put("params", def.params());
        if (!def.input().isEmpty()) top.put("input", def.input());
        if (!def.env().isEmpty()) top.put("env", new java.util.TreeMap<>(def.env()));
        if (def.maxSpawn() != PipelineDef.DEFAULT_MAX_SPAWN) top.put("max_spawn", def.maxSpawn());
        if (def.executor() != null) top.put("executor", def.executor());
        if (!def.slurm().equals(baton.model.SlurmOptions.NONE)) top.put("slurm", slurm(def.slurm()));
        List<Object> phases = new ArrayList<>();
        for (PhaseDef p : def.phases()) phases.add(phase(p, def, writtenIn));
        top.put("phases", phases);
        try {
            return YAML.writeValueAsString(top);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a definition that cannot be written as YAML", e);
        }
    }

    private static Map<String, Object> phase(PhaseDef p, PipelineDef def, Path writtenIn) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        if (p.name() != null) m.put("name", p.name());
        if (p.run() != null) m.put("run", p.run());
        if (p.cwd() != null) m.put("cwd", relative(p.cwd(), def.baseDir(), writtenIn));
        if (!p.env().isEmpty()) m.put("env", new java.util.TreeMap<>(p.env()));
        if (!p.needs().isEmpty()) {
            List<Object> needs = new ArrayList<>();
            for (Need n : p.needs()) {
                needs.add(n.when() == When.SUCCESS ? n.phase() : Map.of("phase", n.phase(), "when", n.when().name().toLowerCase(java.util.Locale.ROOT)));
            }
            m.put("needs", needs);
        }
        if (p.optional()) m.put("optional", true);
        if (p.optional() && p.enabled()) m.put("enabled", true);
        if (p.confirm() != null) m.put("confirm", p.confirm());
        if (p.approve() != null) m.put("approve", p.approve());
        if (!p.fatal()) m.put("fatal", false);
        if (p.timeout() != null && !p.timeout().equals(def.defaultTimeout())) m.put("timeout", duration(p.timeout()));
        if (p.retries() != null && !p.retries().equals(RetryPolicy.NONE) && !p.retries().equals(def.defaultRetries())) {
            m.put("retries", retries(p.retries()));
        }
        switch (p.foreach()) {
            case null -> {}
            case Foreach.Literal l -> m.put("foreach", l.items());
            case Foreach.Param fp -> m.put("foreach", Map.of("param", fp.name()));
            case Foreach.Output o -> m.put("foreach", Map.of("output", o.phase() + "." + o.key()));
        }
        if (p.contract() != null) m.put("contract", p.contract());
        if (!p.artifacts().isEmpty()) m.put("artifacts", p.artifacts());
        if (p.lane() != null) m.put("lane", p.lane());
        if (p.http() != null) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("url", p.http().url());
            if (p.http().method() != null) h.put("method", p.http().method());
            if (p.http().callback()) h.put("callback", true);
            if (p.http().timeout() != null) h.put("timeout", duration(p.http().timeout()));
            if (p.http().body() != null) h.put("body", p.http().body());
            m.put("http", h);
        }
        if (p.executor() != null) m.put("executor", p.executor());
        // each phase carries its merged block: written whole, it reads back the same over the pipeline's
        if (!p.slurm().equals(def.slurm()) && !p.slurm().equals(baton.model.SlurmOptions.NONE)) {
            m.put("slurm", slurm(ownPart(p.slurm(), def.slurm())));
        }
        return m;
    }

    private static Object retries(RetryPolicy r) {
        if (r.delay().isZero() && r.backoff() == 1.0 && r.maxDelay() == null) return r.max();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max", r.max());
        if (!r.delay().isZero()) m.put("delay", duration(r.delay()));
        if (r.backoff() != 1.0) m.put("backoff", r.backoff());
        if (r.maxDelay() != null) m.put("max_delay", duration(r.maxDelay()));
        return m;
    }

    /** Exactly, in the largest unit that divides it ({@code 90s}, {@code 5m}, {@code 250ms}). */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) return ms + "ms";
        long s = ms / 1000;
        if (s % 60 != 0) return s + "s";
        long min = s / 60;
        return min % 60 != 0 ? min + "m" : (min / 60) + "h";
    }

    private static String relative(String cwd, String baseDir, Path writtenIn) {
        Path abs = Path.of(baseDir == null ? "." : baseDir).resolve(cwd).normalize().toAbsolutePath();
        if (writtenIn == null) return cwd;
        Path in = writtenIn.toAbsolutePath().normalize();
        return abs.startsWith(in) ? (abs.equals(in) ? "." : in.relativize(abs).toString()) : abs.toString();
    }

    private static Map<String, Object> slurm(baton.model.SlurmOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o.partition() != null) m.put("partition", o.partition());
        if (o.cpus() != null) m.put("cpus", o.cpus());
        if (o.mem() != null) m.put("mem", o.mem());
        if (o.time() != null) m.put("time", o.time());
        if (o.gres() != null) m.put("gres", o.gres());
        if (o.account() != null) m.put("account", o.account());
        if (o.qos() != null) m.put("qos", o.qos());
        if (!o.extra().isEmpty()) m.put("extra", o.extra());
        return m;
    }

    /** A phase's merged block without what it took from the pipeline's extra (those are added back when read). */
    private static baton.model.SlurmOptions ownPart(baton.model.SlurmOptions merged, baton.model.SlurmOptions defaults) {
        java.util.List<String> extra = merged.extra().size() >= defaults.extra().size()
                && merged.extra().subList(0, defaults.extra().size()).equals(defaults.extra())
                ? merged.extra().subList(defaults.extra().size(), merged.extra().size()) : merged.extra();
        return new baton.model.SlurmOptions(merged.partition(), merged.cpus(), merged.mem(), merged.time(), merged.gres(), merged.account(),
                merged.qos(), extra);
    }
}
