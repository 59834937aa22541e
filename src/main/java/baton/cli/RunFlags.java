package baton.cli;

import baton.engine.plan.EarlierRuns;
import baton.engine.RunOptions;
import baton.engine.RunRefused;
import baton.format.LoadException;
import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import baton.format.PipelineFormat;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The options of a run, one class for 'run' and 'plan' so both read and check them the same way. */
final class RunFlags {
    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "override a parameter (repeatable)") Map<String, String> params = new LinkedHashMap<>();
    @Option(names = "--enable", paramLabel = "PHASE", description = "switch an optional phase on (repeatable)") List<String> enable = new ArrayList<>();
    @Option(names = "--disable", paramLabel = "PHASE", description = "switch an optional phase off (repeatable)") List<String> disable = new ArrayList<>();
    @Option(names = "--input", paramLabel = "PATH", description = "the run's input file; a folder means its files matching the pipeline's 'input' patterns; several make one run each") List<Path> inputs = new ArrayList<>();
    @Option(names = "--concurrency", paramLabel = "N", description = "jobs running at once") Integer concurrency;
    @Option(names = "--yes", description = "accept every 'confirm' question") boolean yes;
    @Option(names = "--yes-approvals", description = "let every approval checkpoint ('approve:') pass without asking (for CI)") boolean yesApprovals;
    @Option(names = "--resume", description = "for a roadmap: skip the groups that fully succeeded in the latest run of this file") boolean resume;
    @Option(names = "--from", paramLabel = "PHASE", description = "run this phase and everything after it; the phases before it are not run, their outputs are taken from the latest run of this file where they succeeded") String from;
    @Option(names = "--only", paramLabel = "PHASE", split = ",", description = "run only these phases (repeatable, or comma-separated); what they need is taken from the latest run of this file where it succeeded") List<String> only = new ArrayList<>();
    @Option(names = "--executor", paramLabel = "NAME", description = "what runs the jobs of phases that do not choose: local or slurm (default: the pipeline's 'executor', else local)") String executor;
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;

    /**
     * The pipeline in {@code file}, after the options are checked (their mistakes come first);
     * what loading said beyond problems goes to stderr, and a file with problems ends the verb.
     */
    LoadedPipeline checkAndLoad(Path file) throws LoadException {
        check();
        return load(file);
    }

    /** The file, its notes printed (the options already checked). */
    LoadedPipeline load(Path file) throws LoadException {
        LoadedPipeline pipeline = PipelineLoader.load(file);
        ValidateCommand.printNotes(spec, pipeline);
        return pipeline;
    }

    /** Mistakes visible in the options alone: bad usage, exit 2. */
    void check() {
        if (concurrency != null && concurrency < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--concurrency must be at least 1");
        if (executor != null && !RunOptions.EXECUTORS.contains(executor)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--executor must be one of " + String.join(", ", RunOptions.EXECUTORS)
                    + ", not '" + executor + "'");
        }
        if (resume && (from != null || !only.isEmpty())) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--resume does not go with --from or --only: they already take the phases before them from the earlier run");
        }
    }

    /** Whether these options read the data directory's history (--resume, --from, --only). */
    boolean readHistory() {
        return resume || from != null || !only.isEmpty();
    }

    /**
     * The engine's options for {@code pipeline} (input left out: see {@link #inputFiles}), before
     * any history is read: with --resume the service (or {@code plan}) adds the groups done.
     */
    RunOptions options(LoadedPipeline pipeline) throws RunRefused {
        if (resume && pipeline.format() != PipelineFormat.ROADMAP) {
            throw new RunRefused("--resume applies to roadmaps; to continue an interrupted run use 'baton resume RUN'");
        }
        return new RunOptions(params, new LinkedHashSet<>(enable), new LinkedHashSet<>(disable), null, concurrency, yes,
                System.getProperty("user.name")).withSelection(from, only).withAutoApprove(yesApprovals).withExecutor(executor);
    }

    /** {@link #options(LoadedPipeline)}, with --resume's groups done in the latest run read from {@code earlier} and said on {@code err}. */
    RunOptions options(LoadedPipeline pipeline, EarlierRuns earlier, PrintWriter err) throws RunRefused {
        RunOptions o = options(pipeline);
        if (!resume) return o;
        Set<String> done = earlier.roadmapGroupsDone(pipeline);
        err.println("baton: " + (done.isEmpty() ? "no group is done yet: running them all" : "skipping what is done: " + String.join(", ", done)));
        return o.withAlreadyDone(done);
    }

    /** The input files: each --input, a folder standing for its files that match the pipeline's 'input' patterns. */
    List<String> inputFiles(LoadedPipeline pipeline) {
        List<String> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                List<String> patterns = pipeline.definition().input();
                if (patterns.isEmpty()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--input " + in + " is a folder, but pipeline '"
                            + pipeline.definition().id() + "' declares no 'input' patterns to pick its files");
                }
                List<PathMatcher> matchers = patterns.stream().map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
                try (Stream<Path> s = Files.list(in)) {
                    List<String> picked = s.filter(Files::isRegularFile)
                            .filter(p -> matchers.stream().anyMatch(m -> m.matches(p.getFileName())))
                            .map(p -> p.toAbsolutePath().normalize().toString()).sorted().toList();
                    if (picked.isEmpty()) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "no file in " + in + " matches " + String.join(", ", patterns));
                    }
                    files.addAll(picked);
                } catch (IOException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "cannot list " + in + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(in)) {
                files.add(in.toAbsolutePath().normalize().toString());
            } else if (Files.exists(in)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--input " + in
                        + " is not a regular file (a pipe, device or socket): give a file or a folder of files");
            } else {
                throw new CommandLine.ParameterException(spec.commandLine(), "--input " + in + ": no such file or folder");
            }
        }
        return files;
    }

    /** One entry per run of the batch: the input files, or one run without input. */
    static List<String> perRun(List<String> inputFiles) {
        return inputFiles.isEmpty() ? java.util.Collections.singletonList(null) : inputFiles;
    }

    /**
     * The concurrency the batch shares: the option, else the pipeline's, else the number of cores.
     * The engine has the same rule for a single run (RunResolver.concurrency), not reachable from
     * here: the batch's pool is made before any run, and {@link #check} keeps a bad option from it.
     */
    int limit(LoadedPipeline pipeline) {
        return concurrency != null ? concurrency : pipeline.definition().concurrency() != null
                ? pipeline.definition().concurrency() : Runtime.getRuntime().availableProcessors();
    }
}
