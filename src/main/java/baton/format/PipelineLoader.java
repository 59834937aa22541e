package baton.format;

import baton.model.PhaseDef;
import baton.model.PipelineDef;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Loads any pipeline file Baton knows, recognised by its content, into the model. */
public final class PipelineLoader {
    /** Files above this are refused before parsing (see README, "Limits"). */
    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    /** The one key a BATON_SPAWN line takes beyond a phase's. */
    static final String SUPERSEDES = "supersedes";

    private PipelineLoader() {}

    public static LoadedPipeline load(Path file) throws LoadException {
        String shown = file.toString();
        if (Files.isDirectory(file)) return loadFolder(file);
        byte[] bytes;
        try {
            bytes = readRegularFile(file, shown);
        } catch (NoSuchFileException e) {
            throw new LoadException(new Problem(shown, 1, 1, "no such file: check the path"));
        } catch (AccessDeniedException e) {
            throw new LoadException(new Problem(shown, 1, 1, "permission denied: make the file readable"));
        } catch (IOException e) {
            throw new LoadException(new Problem(shown, 1, 1, "cannot read the file: " + e.getMessage()));
        }
        Path absolute = file.toAbsolutePath().normalize();
        Path dir = absolute.getParent();
        String text = decode(shown, bytes);
        if (ScriptPipelines.isScript(file, text) && !readsAsPipeline(shown, text)) {
            List<Problem> problems = new ArrayList<>();
            PipelineDef def = new ScriptPipelines(shown, problems).script(absolute, text);
            return asPipeline(shown, def, problems, absolute, sha256(text), List.of());
        }
        LoadedPipeline p = parse(shown, text, dir == null ? "." : dir.toString());
        return new LoadedPipeline(p.definition(), absolute.toString(), p.sourceText(), p.format(), p.contentHash());
    }

    /** A pipeline, cascade or roadmap that happens to look like a script (a '#!' line, an executable bit) is still read as one. */
    private static boolean readsAsPipeline(String shown, String text) {
        return switch (FormatRecogniser.recognise(shown, text)) {
            case FormatRecogniser.Recognised.Tree t -> t.root() instanceof SourceNode.MapNode m
                    && (m.entries().containsKey("pipeline") || m.entries().containsKey("phases"));
            case FormatRecogniser.Recognised.Markdown m -> true;
            default -> false;
        };
    }

    /** A folder: the pipeline file in it, or its numbered scripts in run-parts order. */
    private static LoadedPipeline loadFolder(Path dir) throws LoadException {
        String shown = dir.toString();
        Path absolute = dir.toAbsolutePath().normalize();
        List<String> notes = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        PipelineDef def;
        try {
            Path file = ScriptPipelines.standsFor(absolute);
            if (file != null) {
                LoadedPipeline p = load(file);
                List<String> said = new ArrayList<>(p.notes());
                said.addFirst("opening " + file.getFileName() + ", the pipeline file in " + shown);
                return new LoadedPipeline(p.definition(), p.sourcePath(), p.sourceText(), p.format(), p.contentHash(), said);
            }
            def = new ScriptPipelines(shown, problems).folder(absolute, notes);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new LoadException(new Problem(shown, 1, 1, "permission denied: make the folder readable"));
        } catch (IOException e) {
            throw new LoadException(new Problem(shown, 1, 1, "cannot read the folder: " + e.getMessage()));
        }
        String yaml = def == null ? "" : PipelineWriter.toYaml(def, absolute);
        return asPipeline(shown, def, problems, absolute, sha256(yaml), notes);
    }

    /** A definition made from scripts, checked like any pipeline; kept as its equivalent pipeline text. */
    private static LoadedPipeline asPipeline(String shown, PipelineDef def, List<Problem> problems, Path source, String hash,
                                             List<String> notes) throws LoadException {
        if (def != null && problems.isEmpty()) new PipelineValidator(shown, problems).validate(def);
        if (!problems.isEmpty() || def == null) throw new LoadException(problems);
        Path folder = Files.isDirectory(source) ? source : source.getParent();
        return new LoadedPipeline(def, source.toString(), PipelineWriter.toYaml(def, folder), PipelineFormat.YAML, hash, notes);
    }

    /**
     * The file's bytes, refusing before it is opened what is not a regular file (a FIFO would
     * block the open, /dev/zero never ends) and what is over the cap, and reading no more than
     * the cap even if the file grows meanwhile.
     */
    private static byte[] readRegularFile(Path file, String shown) throws IOException, LoadException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        if (attrs.isDirectory()) {
            throw new LoadException(new Problem(shown, 1, 1, "is a folder, not a pipeline file: give a .yaml, .json, CASCADE.md or ROADMAP.md file"));
        }
        if (!attrs.isRegularFile()) {
            throw new LoadException(new Problem(shown, 1, 1, "is not a regular file (a pipe, device or socket): "
                    + "give a .yaml, .json, CASCADE.md or ROADMAP.md file"));
        }
        if (attrs.size() > MAX_FILE_BYTES) throw tooBig(shown, (attrs.size() >> 20) + " MB");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) throw tooBig(shown, "over " + (MAX_FILE_BYTES >> 20) + " MB"); // it grew since
            return bytes;
        }
    }

    private static LoadException tooBig(String shown, String size) {
        return new LoadException(new Problem(shown, 1, 1, "file is " + size + "; pipeline files are limited to "
                + (MAX_FILE_BYTES >> 20) + " MB: split it or generate phases at runtime"));
    }

    /** Parses text that came from {@code shownName}; relative paths resolve against {@code baseDir}. */
    public static LoadedPipeline parse(String shownName, String text, String baseDir) throws LoadException {
        FormatRecogniser.Recognised recognised = FormatRecogniser.recognise(shownName, text);
        List<Problem> problems = new ArrayList<>();
        PipelineDef def = switch (recognised) {
            case FormatRecogniser.Recognised.Tree t -> {
                problems.addAll(t.problems());
                yield new PipelineReader(shownName, problems).read(t.root(), baseDir);
            }
            case FormatRecogniser.Recognised.Markdown m when m.format() == PipelineFormat.CASCADE ->
                    new CascadeReader(shownName, problems).read(m.doc(), baseDir);
            case FormatRecogniser.Recognised.Markdown m -> new RoadmapReader(shownName, problems).read(m.doc(), baseDir);
            case FormatRecogniser.Recognised.Broken b -> throw b.error();
            case FormatRecogniser.Recognised.Refused r -> throw new LoadException(r.why());
        };
        if (def != null && problems.isEmpty()) {
            new PipelineValidator(shownName, problems).validate(def);
        }
        if (!problems.isEmpty() || def == null) throw new LoadException(problems);
        return new LoadedPipeline(def, shownName, text, recognised.format(), sha256(text));
    }

    /**
     * Reads a spawn file (SPEC 2, BATON_SPAWN): one JSON phase per line. Blank lines are skipped.
     * Problems name the line, as {@code file:line:col}.
     */
    public static java.util.List<PhaseDef> parseSpawnFile(String shownName, String text, PipelineDef run) throws LoadException {
        return parseSpawnLines(shownName, text, run).stream().map(SpawnedPhase::def).toList();
    }

    /** The lines of a BATON_SPAWN file, each a phase (the keys of a pipeline's phases) plus an optional {@code supersedes}. */
    public static java.util.List<SpawnedPhase> parseSpawnLines(String shownName, String text, PipelineDef run) throws LoadException {
        java.util.List<SpawnedPhase> out = new java.util.ArrayList<>();
        java.util.List<Problem> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            String shown = shownName;
            java.util.List<Problem> lineProblems = new ArrayList<>();
            try {
                SourceNode node = new SourceTreeReader(shown, lineProblems).read(line, true);
                boolean supersedes = false;
                if (node instanceof SourceNode.MapNode m && m.entries().containsKey(SUPERSEDES)) {
                    SourceNode.Entry e = m.entries().remove(SUPERSEDES);
                    if (e.value() instanceof SourceNode.Scalar sc && !sc.isString() && (sc.text().equals("true") || sc.text().equals("false"))) {
                        supersedes = sc.text().equals("true");
                    } else {
                        lineProblems.add(new Problem(shown, e.keyPos().line(), e.keyPos().column(), "'supersedes' must be true or false"));
                    }
                }
                PhaseDef ph = new PhaseReader(shown, lineProblems).phase(node, run.defaultTimeout(), run.defaultRetries(), run.slurm());
                if (ph != null && lineProblems.isEmpty()) out.add(new SpawnedPhase(ph, supersedes));
            } catch (LoadException e) {
                lineProblems.addAll(e.problems());
            }
            for (Problem pr : lineProblems) problems.add(new Problem(pr.file(), i + 1, pr.column(), pr.message()));
        }
        if (out.stream().filter(SpawnedPhase::supersedes).count() > 1) {
            problems.add(new Problem(shownName, 1, 1, "only one spawned phase may supersede its spawner"));
        }
        if (!problems.isEmpty()) throw new LoadException(problems);
        return out;
    }

    /** The format {@code text} is recognised as (see {@link FormatRecogniser}); null when it is refused. */
    static PipelineFormat detect(String text) {
        return FormatRecogniser.recognise("", text).format();
    }

    private static String decode(String shown, byte[] bytes) throws LoadException {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            int col = 1;
            for (int i = start; i < in.position(); i++) {
                if (bytes[i] == '\n') { line++; col = 1; } else if ((bytes[i] & 0xC0) != 0x80) col++;
            }
            throw new LoadException(new Problem(shown, line, col, "not UTF-8 text (a binary file?): save the pipeline as UTF-8"));
        }
        return out.flip().toString();
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
