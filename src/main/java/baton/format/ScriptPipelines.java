package baton.format;

import baton.model.Need;
import baton.model.PhaseDef;
import baton.model.PipelineDef;
import baton.model.RetryPolicy;
import baton.model.SourcePos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A script, or a folder of numbered scripts, as a pipeline, so a team that keeps its phases as
 * scripts gets the Gantt, logs, history, retry and cancel without writing a pipeline file first.
 *
 * <p>A script is a file with a {@code #!} line, an executable file, or a file with a known
 * script extension. It becomes one phase, run in the file's folder: directly when executable,
 * else with its {@code #!} interpreter or its extension's. Leading comments may carry
 * directives: {@code # baton: timeout=10m retries=2 optional confirm="Drives the printer"},
 * {@code # baton: param language=es}.
 *
 * <p>A folder follows the run-parts convention: scripts whose names start with a number run in
 * number order, those sharing a number in parallel; scripts without a number are left out (and
 * said so). A folder holding a pipeline file, a CASCADE.md or a ROADMAP.md stands for that file.
 */
final class ScriptPipelines {
    /** Interpreters by extension, for scripts that are not executable and have no {@code #!} line. */
    static final Map<String, String> INTERPRETERS = Map.of("sh", "sh", "bash", "bash", "py", "python3", "js", "node", "rb", "ruby", "pl", "perl");
    /** Directive keys, in the order the reference lists them. */
    static final Set<String> DIRECTIVES = new java.util.LinkedHashSet<>(List.of("name", "timeout", "retries", "optional", "enabled",
            "confirm", "approve", "fatal", "lane", "param", "env"));
    static final int MAX_FOLDER_ENTRIES = 1000;
    private static final Pattern NUMBERED = Pattern.compile("^(\\d+)[-_. ]?.*");
    private static final Pattern TOKEN = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)(?:=(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S*))?");

    private final String shown;
    private final List<Problem> problems;

    ScriptPipelines(String shown, List<Problem> problems) {
        this.shown = shown;
        this.problems = problems;
    }

    /** Whether {@code file} is run as a script rather than read as a pipeline file. */
    static boolean isScript(Path file, String text) {
        if (text.startsWith("#!")) return true;
        if (INTERPRETERS.containsKey(extension(file))) return true;
        return Files.isExecutable(file) && !Files.isDirectory(file);
    }

    static String extension(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(dot + 1).toLowerCase(java.util.Locale.ROOT) : "";
    }

    /** One script as a one-phase pipeline named after the file. */
    PipelineDef script(Path file, String text) {
        String name = file.getFileName().toString();
        if (name.contains("\n") || name.contains("\r")) {
            problems.add(new Problem(shown, 1, 1, "the file's name holds a line break: rename it before running it"));
            return null;
        }
        Directives d = directives(text, extension(file).equals("js") ? "//" : "#");
        String command = command(file, text);
        if (command == null) return null;
        PhaseDef phase = d.phase(MarkdownBlocks.slug(stem(name)), command, null, List.of());
        if (!problems.isEmpty()) return null;
        return new PipelineDef(MarkdownBlocks.slug(name), name, null, d.params, List.of(), Map.of(), null, RetryPolicy.NONE,
                PipelineDef.DEFAULT_MAX_SPAWN, List.of(phase), file.toAbsolutePath().getParent().toString());
    }

    /** The folder's numbered scripts, in number order; {@code notes} hears what was left out. */
    PipelineDef folder(Path dir, List<String> notes) throws IOException {
        List<Path> entries;
        try (var s = Files.list(dir)) {
            entries = s.limit(MAX_FOLDER_ENTRIES + 1).sorted().toList();
        }
        if (entries.size() > MAX_FOLDER_ENTRIES) {
            problems.add(new Problem(shown, 1, 1, "a folder of more than " + MAX_FOLDER_ENTRIES + " entries: Baton runs folders of numbered"
                    + " scripts up to that size; give it a pipeline file instead (baton plan --yaml on a smaller folder shows the form)"));
            return null;
        }
        TreeMap<Long, List<Path>> byNumber = new TreeMap<>();
        for (Path p : entries) {
            if (!Files.isRegularFile(p)) continue;
            String n = p.getFileName().toString();
            String text;
            try {
                text = head(p);
            } catch (IOException e) {
                // a file that cannot be read (no permission, gone since the listing) cannot be run: said, as every file left out is
                notes.add("left out " + n + ": cannot read it (" + e.getMessage() + ")");
                continue;
            }
            if (text == null || !isScript(p, text)) continue;
            Matcher m = NUMBERED.matcher(n);
            if (!m.matches() || m.group(1).length() > 18) {
                notes.add("left out " + n + ": only scripts whose names start with a number run (10-" + n + ")");
                continue;
            }
            byNumber.computeIfAbsent(Long.parseLong(m.group(1)), k -> new ArrayList<>()).add(p);
        }
        if (byNumber.isEmpty()) {
            problems.add(new Problem(shown, 1, 1, "is a folder with no numbered scripts and no pipeline file: name the scripts 10-first.sh, "
                    + "20-second.sh, … (the same number runs in parallel), or give a .yaml, .json, CASCADE.md or ROADMAP.md file"));
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        List<PhaseDef> phases = new ArrayList<>();
        List<String> previous = List.of();
        for (List<Path> group : byNumber.values()) {
            List<String> ids = new ArrayList<>();
            for (Path p : group) {
                String text;
                try {
                    text = Files.readString(p);
                } catch (java.nio.charset.MalformedInputException e) {
                    notes.add("left out " + p.getFileName() + ": not UTF-8 text");
                    continue;
                }
                ScriptPipelines one = new ScriptPipelines(p.toString(), problems);
                Directives d = one.directives(text, extension(p).equals("js") ? "//" : "#");
                String command = one.command(p, text);
                if (command == null) continue;
                String id = MarkdownBlocks.slug(stem(p.getFileName().toString()));
                List<Need> needs = previous.stream().map(Need::success).toList();
                phases.add(d.phase(id, command, null, needs));
                ids.add(id);
                for (var e : d.params.entrySet()) {
                    String before = params.putIfAbsent(e.getKey(), e.getValue());
                    if (before != null && !before.equals(e.getValue())) {
                        problems.add(new Problem(p.toString(), d.paramLine.get(e.getKey()), 1, "parameter '" + e.getKey() + "' is '"
                                + e.getValue() + "' here but '" + before + "' in an earlier script: give it one default"));
                    }
                }
            }
            if (!ids.isEmpty()) previous = ids;
        }
        if (!problems.isEmpty()) return null;
        String name = dir.toAbsolutePath().normalize().getFileName() == null ? "scripts" : dir.toAbsolutePath().normalize().getFileName().toString();
        return new PipelineDef(MarkdownBlocks.slug(name), name, null, params, List.of(), Map.of(), null, RetryPolicy.NONE,
                PipelineDef.DEFAULT_MAX_SPAWN, phases, dir.toAbsolutePath().normalize().toString());
    }

    /** The file a folder stands for (a pipeline file, a CASCADE.md or a ROADMAP.md in it), or null. */
    static Path standsFor(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.matches(".*\\.baton\\.(yaml|yml|json)") || n.equalsIgnoreCase("CASCADE.md") || n.equalsIgnoreCase("ROADMAP.md");
            }).sorted().findFirst().orElse(null);
        }
    }

    /** The first bytes of {@code p} as text, enough to tell a script; null for a binary file. */
    private static String head(Path p) throws IOException {
        try (var in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(256);
            for (byte x : b) if (x == 0) return null; // a binary file
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** How the script is started from its folder: itself when executable, else its #! or extension's interpreter. */
    private String command(Path file, String text) {
        String self = "./" + file.getFileName();
        String quoted = self.matches("[A-Za-z0-9_./+-]+") ? self : "'" + self.replace("'", "'\\''") + "'";
        if (Files.isExecutable(file) && text.startsWith("#!")) return quoted;
        if (text.startsWith("#!")) {
            String line = text.lines().findFirst().orElse("#!").substring(2).strip();
            if (!line.isEmpty()) return line + " " + quoted;
        }
        String interpreter = INTERPRETERS.get(extension(file));
        if (interpreter != null) return interpreter + " " + quoted;
        if (Files.isExecutable(file)) return quoted;
        problems.add(new Problem(shown, 1, 1, "no '#!' line, not executable and no known extension (" + String.join(", ", new java.util.TreeSet<>(INTERPRETERS.keySet()))
                + "): Baton cannot tell what runs it; add a '#!' line"));
        return null;
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** What the leading comments say. */
    final class Directives {
        String name, confirm, approve, lane;
        Duration timeout;
        RetryPolicy retries = RetryPolicy.NONE;
        boolean optional, enabled, fatal = true;
        final Map<String, String> params = new LinkedHashMap<>();
        final Map<String, Integer> paramLine = new LinkedHashMap<>();
        final Map<String, String> env = new LinkedHashMap<>();

        PhaseDef phase(String id, String command, String cwd, List<Need> needs) {
            return new PhaseDef(id, name, command, cwd, env, needs, optional, enabled, confirm, fatal, timeout, retries, null, null,
                    List.of(), lane, null, SourcePos.NONE, null, approve);
        }
    }

    /** Reads the directives of the comments at the top of the file (after a #! line), stopping at the first line of code. */
    Directives directives(String text, String comment) {
        Directives d = new Directives();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String t = line.strip();
            if (i == 0 && t.startsWith("#!")) continue;
            if (t.isEmpty()) continue;
            if (!t.startsWith(comment)) break;
            int at = line.indexOf(comment) + comment.length();
            String rest = line.substring(at);
            Matcher tag = Pattern.compile("^\\s*baton:").matcher(rest);
            if (!tag.find()) continue;
            directiveLine(d, line, at + tag.end(), i + 1);
        }
        return d;
    }

    private void directiveLine(Directives d, String line, int from, int lineNo) {
        Matcher m = TOKEN.matcher(line);
        int pos = from;
        boolean paramNext = false, envNext = false;
        while (pos < line.length()) {
            if (line.substring(pos).isBlank()) break;
            m.region(pos, line.length());
            if (!m.lookingAt() || m.end() == pos) {
                problems.add(new Problem(shown, lineNo, pos + 1, "cannot read this directive: write key=value, for example timeout=10m"));
                return;
            }
            int col = m.start(1) + 1;
            String key = m.group(1);
            String value = m.group(2) == null ? null : unquote(m.group(2));
            pos = m.end();
            if (paramNext || envNext) {
                if (value == null) {
                    problems.add(new Problem(shown, lineNo, col, (paramNext ? "param" : "env") + " needs NAME=VALUE, for example "
                            + (paramNext ? "param language=es" : "env LANG=C.UTF-8")));
                } else if (paramNext) {
                    d.params.put(key, value);
                    d.paramLine.put(key, lineNo);
                } else {
                    d.env.put(key, value);
                }
                paramNext = envNext = false;
                continue;
            }
            switch (key) {
                case "param" -> paramNext = true;
                case "env" -> envNext = true;
                case "optional" -> d.optional = flag(value, lineNo, col, key);
                case "enabled" -> {
                    d.enabled = flag(value, lineNo, col, key);
                    if (d.enabled) d.optional = true;
                }
                case "fatal" -> d.fatal = flag(value, lineNo, col, key);
                case "name" -> d.name = needValue(value, lineNo, col, key, "name=\"Build the site\"");
                case "confirm" -> d.confirm = needValue(value, lineNo, col, key, "confirm=\"Drives the printer\"");
                case "approve" -> d.approve = needValue(value, lineNo, col, key, "approve=\"Check the output first\"");
                case "lane" -> d.lane = needValue(value, lineNo, col, key, "lane=build");
                case "timeout" -> {
                    String v = needValue(value, lineNo, col, key, "timeout=10m");
                    if (v == null) break;
                    var dur = Durations.parse(v);
                    if (dur.isEmpty() || dur.get().isZero()) {
                        problems.add(new Problem(shown, lineNo, col, "timeout '" + v + "' is not a duration above zero: write 250ms, 90s, 5m or 2h"));
                    } else {
                        d.timeout = dur.get();
                    }
                }
                case "retries" -> {
                    String v = needValue(value, lineNo, col, key, "retries=2");
                    if (v == null) break;
                    try {
                        int n = Integer.parseInt(v);
                        if (n < 0 || n > 100) throw new NumberFormatException();
                        d.retries = RetryPolicy.times(n);
                    } catch (NumberFormatException e) {
                        problems.add(new Problem(shown, lineNo, col, "retries '" + v + "' is not a number from 0 to 100"));
                    }
                }
                default -> problems.add(new Problem(shown, lineNo, col, "unknown directive '" + key + "'" + Suggest.hint(key, DIRECTIVES)
                        + "; the directives are " + String.join(", ", DIRECTIVES)));
            }
        }
        if (paramNext || envNext) problems.add(new Problem(shown, lineNo, line.length() + 1, (paramNext ? "param" : "env") + " needs NAME=VALUE after it"));
    }

    private boolean flag(String value, int line, int col, String key) {
        if (value == null || value.equals("true")) return true;
        if (value.equals("false")) return false;
        problems.add(new Problem(shown, line, col, key + " is a switch: write '" + key + "' (or " + key + "=false)"));
        return false;
    }

    private String needValue(String value, int line, int col, String key, String example) {
        if (value == null || value.isEmpty()) {
            problems.add(new Problem(shown, line, col, key + " needs a value, for example " + example));
            return null;
        }
        return value;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            String inner = v.substring(1, v.length() - 1);
            return v.startsWith("\"") ? inner.replace("\\\"", "\"").replace("\\\\", "\\") : inner;
        }
        return v;
    }
}
