package baton.format;

import baton.format.SourceNode.Entry;
import baton.format.SourceNode.ListNode;
import baton.format.SourceNode.MapNode;
import baton.format.SourceNode.Scalar;
import baton.model.SlurmOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code executor} key and the {@code slurm:} block, of a phase or of the pipeline (the
 * defaults of every phase). What can be known without a cluster is checked here, located: the
 * executor's name, the shape of each value as sbatch takes it, and {@code extra} options that
 * would fight what Baton sets itself. What only the cluster knows (a partition's name, an
 * account) is found when the job is submitted and said on the job.
 */
final class ExecutorReader {
    /** What a pipeline may name; http phases are told by their {@code http:} block. */
    static final Set<String> EXECUTORS = Set.of("local", "slurm");
    /** sbatch options Baton gives every job itself (its output files, folder, environment, identity). */
    private static final Set<String> BATON_SETS = Set.of("--output", "-o", "--error", "-e", "--chdir", "-D", "--export", "--parsable",
            "--job-name", "-J", "--comment", "--wrap", "--requeue", "--no-requeue", "--array", "-a", "--wait", "-W");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.+-]+");
    private static final Pattern MEM = Pattern.compile("[0-9]+[KMGT]?");
    /** Slurm's time formats: m, m:s, h:m:s, d-h, d-h:m, d-h:m:s, or no limit. */
    private static final Pattern TIME = Pattern.compile("[0-9]+(:[0-9]+){0,2}|[0-9]+-[0-9]+(:[0-9]+){0,2}|UNLIMITED|INFINITE|infinite|unlimited");
    private static final Pattern GRES = Pattern.compile("[A-Za-z0-9_]+(:[A-Za-z0-9_.-]+)*(,[A-Za-z0-9_]+(:[A-Za-z0-9_.-]+)*)*");

    private final SourceValues values;

    ExecutorReader(SourceValues values) {
        this.values = values;
    }

    /** The {@code executor} of {@code m}, or null when absent or unknown (a problem says which). */
    String executor(MapNode m) {
        Entry e = m.entries().get("executor");
        if (e == null) return null;
        String name = values.optString(m, "executor");
        if (name == null) return null;
        if (!EXECUTORS.contains(name)) {
            values.problem(e.value().pos(), "unknown executor '" + name + "'" + Suggest.hint(name, EXECUTORS) + "; known: local, slurm"
                    + (name.equals("http") ? " (an http phase is one with an 'http:' block)" : ""));
            return null;
        }
        if (name.equals("slurm") && m.entries().containsKey("http")) {
            values.problem(e.value().pos(), "an http phase is called from Baton's machine and cannot run through Slurm: remove 'executor' or 'http'");
            return null;
        }
        return name;
    }

    /** The {@code slurm:} block of {@code m}, or null when absent (or too broken: problems say why). */
    SlurmOptions slurm(MapNode m) {
        Entry e = m.entries().get("slurm");
        if (e == null) return null;
        if (!(e.value() instanceof MapNode sm)) {
            values.expected(e.value(), "'slurm' to be a mapping such as { partition: gpu, cpus: 4, mem: 16G, time: \"2:00:00\" }");
            return null;
        }
        values.checkKeys(sm, FormatKeys.SLURM, "slurm");
        String partition = matching(sm, "partition", NAME, "a partition name such as 'gpu' (several: 'gpu,cpu')", true);
        Integer cpus = values.optInt(sm, "cpus", 1, 1_000_000);
        String mem = matching(sm, "mem", MEM, "memory per node such as 16G, 512M or 4000 (megabytes)", false);
        String time = matching(sm, "time", TIME, "a time limit as sbatch takes it: minutes, \"h:m:s\", \"d-h:m:s\" or UNLIMITED", false);
        String gres = matching(sm, "gres", GRES, "generic resources such as gpu:1 or gpu:a100:2", false);
        String account = matching(sm, "account", NAME, "an account name", false);
        String qos = matching(sm, "qos", NAME, "a QOS name", false);
        return new SlurmOptions(partition, cpus, mem, time, gres, account, qos, extra(sm));
    }

    private String matching(MapNode m, String key, Pattern shape, String what, boolean commaList) {
        String v = values.optString(m, key);
        if (v == null) return null;
        boolean ok = commaList ? List.of(v.split(",", -1)).stream().allMatch(p -> shape.matcher(p).matches()) : shape.matcher(v).matches();
        if (!ok) {
            values.problem(m.entries().get(key).value().pos(), "'" + key + "' must be " + what + ", not '" + v + "'");
            return null;
        }
        return v;
    }

    /** Further sbatch options, each one word such as --constraint=avx512; none of those Baton sets itself. */
    private List<String> extra(MapNode m) {
        Entry e = m.entries().get("extra");
        if (e == null) return List.of();
        List<SourceNode> items = e.value() instanceof ListNode l ? l.items() : List.of(e.value());
        List<String> out = new ArrayList<>();
        for (SourceNode item : items) {
            String t = item instanceof Scalar s ? s.text() : null;
            if (t == null || !t.startsWith("-")) {
                values.expected(item, "an sbatch option such as --constraint=avx512 in 'extra'");
                continue;
            }
            String option = t.contains("=") ? t.substring(0, t.indexOf('=')) : t;
            if (BATON_SETS.contains(option) || option.startsWith("-o") && !option.startsWith("--") || option.startsWith("-e") && !option.startsWith("--")) {
                values.problem(item.pos(), "'" + option + "' in 'extra' is set by Baton itself for every job (its log, folder, environment and "
                        + "identity): remove it");
                continue;
            }
            if (t.chars().anyMatch(Character::isWhitespace) && !t.contains("=")) {
                values.problem(item.pos(), "'" + t + "' in 'extra' must be one word: write --option=value");
                continue;
            }
            out.add(t);
        }
        return out;
    }
}
