package baton.docs;

import baton.cli.BatonCli;
import baton.format.FormatKeys;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the reference in docs/ true to the code, both ways: what the code accepts is documented,
 * and what the docs name exists.
 *
 * <p>Conventions the pages follow so they can be checked:
 * <ul>
 *   <li>pipeline-format.md: every key sits in the first column of a table whose first header
 *       cell is {@code Key (<section>)}, {@code Field (<section>)} or {@code Column (<section>)},
 *       with the sections of {@link FormatKeys};</li>
 *   <li>cli.md: one {@code ## `baton VERB`} section per verb ({@code ## `baton`} for the root),
 *       each naming every option of that verb in backticks; tables headed {@code option} list
 *       only that verb's options.</li>
 * </ul>
 */
class ReferenceDocsTest {
    private static final Path DOCS = Path.of("docs");
    private static final Path FORMAT = DOCS.resolve("pipeline-format.md");
    private static final Path CLI = DOCS.resolve("cli.md");
    private static final Path JOB_ENV = DOCS.resolve("job-environment.md");
    private static final Path DATA_DIR = DOCS.resolve("data-directory.md");
    private static final Path MAIN = Path.of("src/main/java/baton");

    /** Option-looking words in cli.md that are not Baton's (the JVM's). */
    private static final Set<String> NOT_BATON_OPTIONS = Set.of("--enable-native-access");

    // ---------------------------------------------------------------- pipeline-format.md

    @Test
    void everyYamlKeyIsInItsKeyTableAndEveryListedKeyExists() throws IOException {
        Map<String, Set<String>> documented = keyTables(read(FORMAT), "Key");
        Map<String, Set<String>> code = FormatKeys.pipelineKeys();
        assertThat(documented.keySet()).as("sections of 'Key (…)' tables in %s", FORMAT).isSubsetOf(code.keySet());
        for (var e : code.entrySet()) {
            Set<String> doc = documented.getOrDefault(e.getKey(), Set.of());
            assertThat(doc).as("keys of '%s' that the loader accepts but the 'Key (%s)' table of %s does not list",
                    e.getKey(), e.getKey(), FORMAT).containsAll(e.getValue());
            assertThat(e.getValue()).as("keys the 'Key (%s)' table of %s lists but the loader does not accept",
                    e.getKey(), FORMAT).containsAll(doc);
        }
        // and, literally, each as `key` in the page
        String text = read(FORMAT);
        for (Set<String> keys : code.values()) for (String k : keys) assertThat(text).contains("`" + k + "`");
    }

    @Test
    void everyMarkdownFieldIsInItsTableAndEveryListedFieldExists() throws IOException {
        String text = read(FORMAT);
        Map<String, Set<String>> documented = new LinkedHashMap<>(keyTables(text, "Field"));
        documented.putAll(keyTables(text, "Column"));
        Map<String, List<String>> code = FormatKeys.markdownFields();
        assertThat(documented.keySet()).as("sections of 'Field (…)'/'Column (…)' tables in %s", FORMAT).isSubsetOf(code.keySet());
        for (var e : code.entrySet()) {
            Set<String> doc = lower(documented.getOrDefault(e.getKey(), Set.of()));
            Set<String> real = lower(e.getValue());
            assertThat(doc).as("fields of '%s' the reader takes but %s does not list", e.getKey(), FORMAT).containsAll(real);
            assertThat(real).as("fields the '%s' table of %s lists but the reader does not take", e.getKey(), FORMAT).containsAll(doc);
        }
    }

    // ---------------------------------------------------------------- cli.md

    @Test
    void everyVerbHasASectionNamingEachOfItsOptions() throws IOException {
        Map<String, String> sections = verbSections(read(CLI));
        Map<String, CommandSpec> verbs = verbs();
        assertThat(sections.keySet()).as("'## `baton VERB`' sections of %s", CLI).containsExactlyInAnyOrderElementsOf(verbs.keySet());
        for (var v : verbs.entrySet()) {
            String section = sections.get(v.getKey());
            for (String name : optionNames(v.getValue())) {
                assertThat(mentions(section, name)).as("section '## `%s`' of %s names option %s", title(v.getKey()), CLI, name).isTrue();
            }
        }
    }

    @Test
    void everyOptionTheReferenceNamesExists() throws IOException {
        String text = read(CLI);
        Set<String> real = new TreeSet<>();
        verbs().values().forEach(spec -> real.addAll(optionNames(spec)));
        Set<String> named = new TreeSet<>();
        Matcher long_ = Pattern.compile("(?<![\\w-])(--[A-Za-z][\\w-]*)").matcher(text);
        while (long_.find()) named.add(long_.group(1));
        Matcher short_ = Pattern.compile("`(-[A-Za-z])(?![\\w-])").matcher(text);
        while (short_.find()) named.add(short_.group(1));
        named.removeAll(NOT_BATON_OPTIONS);
        assertThat(real).as("options %s names that no verb has", CLI).containsAll(named);

        // an option table under a verb lists that verb's options only
        Map<String, String> sections = verbSections(text);
        Map<String, CommandSpec> verbs = verbs();
        for (var s : sections.entrySet()) {
            Set<String> own = optionNames(verbs.get(s.getKey()));
            for (Table t : tables(s.getValue())) {
                if (!t.header().getFirst().equalsIgnoreCase("option")) continue;
                for (List<String> row : t.rows()) {
                    for (String name : codeSpans(row.getFirst())) {
                        String option = name.split("[ =]")[0];
                        assertThat(own).as("the option table of '## `%s`' in %s lists %s", title(s.getKey()), CLI, option).contains(option);
                    }
                }
            }
        }
    }

    @Test
    void theEnvironmentBatonReadsIsListed() throws IOException {
        String text = read(CLI);
        Pattern reads = Pattern.compile("(?:getenv|\\benv\\.get|baseEnv\\.get)\\(\"([A-Z][A-Z0-9_]*)\"\\)");
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                // Orphans reads other processes' environments (a job's identity), not Baton's own
                if (f.getFileName().toString().equals("Orphans.java")) continue;
                Matcher m = reads.matcher(Files.readString(f));
                while (m.find()) names.add(m.group(1));
            }
        }
        assertThat(names).as("variables the code reads").contains("BATON_HOME", "BATON_LOG_CAP", "BATON_DISK_RESERVE");
        for (String n : names) assertThat(text).as("%s lists the variable %s, which Baton reads", CLI, n).contains("`" + n + "`");
    }

    // ---------------------------------------------------------------- job-environment.md

    @Test
    void everyVariableAJobGetsIsDescribed() throws IOException {
        String text = read(JOB_ENV);
        Set<String> names = new TreeSet<>();
        // what JobEnvironment sets, and the names an http phase's ${...} may use
        for (Path f : List.of(MAIN.resolve("engine/plan/JobEnvironment.java"), MAIN.resolve("format/PipelineValidator.java"))) {
            Matcher m = Pattern.compile("\"(BATON_[A-Z_]+)\"").matcher(Files.readString(f));
            while (m.find()) names.add(m.group(1));
        }
        assertThat(names).contains("BATON_INSTANCE", "BATON_RUN_ID", "BATON_OUTPUT", "BATON_SPAWN");
        for (String n : names) assertThat(text).as("%s describes %s", JOB_ENV, n).contains("`" + n + "`");
    }

    // ---------------------------------------------------------------- all pages

    @Test
    void theReferenceStaysInsideTheRepositoryAndItsLinksResolve() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), FORMAT, CLI, JOB_ENV, DATA_DIR, DOCS.resolve("architecture.md")));
        Pattern link = Pattern.compile("\\]\\(([^)\\s#]+)(?:#[^)]*)?\\)");
        for (Path page : pages) {
            String text = read(page);
            assertThat(text).as("%s points outside the repository", page).doesNotContain("SPEC.md").doesNotContain("/work/shared");
            Matcher m = link.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) continue;
                Path resolved = page.toAbsolutePath().getParent().resolve(target).normalize();
                assertThat(Files.exists(resolved)).as("%s links to %s, which does not exist", page, target).isTrue();
            }
        }
        assertThat(read(Path.of("README.md"))).contains("docs/pipeline-format.md", "docs/job-environment.md", "docs/cli.md",
                "docs/data-directory.md");
    }

    // ---------------------------------------------------------------- helpers

    /** The verbs by name ("" for 'baton' itself). */
    private static Map<String, CommandSpec> verbs() {
        CommandLine root = BatonCli.commandLine(Map.of());
        Map<String, CommandSpec> out = new LinkedHashMap<>();
        out.put("", root.getCommandSpec());
        root.getSubcommands().forEach((name, cl) -> out.put(name, cl.getCommandSpec()));
        return out;
    }

    private static Set<String> optionNames(CommandSpec spec) {
        Set<String> out = new LinkedHashSet<>();
        for (OptionSpec o : spec.options()) {
            // -h/--help and -V/--version of every verb are documented once, under "Help on every verb"
            if (spec.parent() != null && (o.usageHelp() || o.versionHelp())) continue;
            out.addAll(List.of(o.names()));
        }
        // a verb with verbs of its own ('service status|stop|config'): theirs are documented in its section
        if (spec.parent() != null) spec.subcommands().values().forEach(sub -> out.addAll(optionNames(sub.getCommandSpec())));
        return out;
    }

    private static String title(String verb) {
        return verb.isEmpty() ? "baton" : "baton " + verb;
    }

    /** Whether {@code text} has {@code name} right after a backtick, as a whole option name. */
    private static boolean mentions(String text, String name) {
        return Pattern.compile("`" + Pattern.quote(name) + "(?![\\w-])").matcher(text).find();
    }

    /** The text of each '## `baton VERB`' section, by verb ("" for '## `baton`'). */
    private static Map<String, String> verbSections(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Pattern heading = Pattern.compile("^## `baton(?: ([a-z-]+))?`\\s*$");
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("## ")) {
                if (current != null) out.put(current, body.toString());
                Matcher m = heading.matcher(line);
                current = m.matches() ? (m.group(1) == null ? "" : m.group(1)) : null;
                body.setLength(0);
                if (current != null && out.containsKey(current)) throw new AssertionError(CLI + " has two sections for " + title(current));
                continue;
            }
            body.append(line).append('\n');
        }
        if (current != null) out.put(current, body.toString());
        return out;
    }

    record Table(List<String> header, List<List<String>> rows) {}

    /** The Markdown tables of {@code text}, outside fenced code blocks. */
    static List<Table> tables(String text) {
        List<Table> out = new ArrayList<>();
        List<String> lines = List.of(text.split("\n", -1));
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced || !line.startsWith("|") || i + 1 >= lines.size() || !lines.get(i + 1).strip().matches("\\|[\\s:|-]+\\|?")) continue;
            List<String> header = cells(line);
            List<List<String>> rows = new ArrayList<>();
            int j = i + 2;
            while (j < lines.size() && lines.get(j).strip().startsWith("|")) rows.add(cells(lines.get(j++).strip()));
            out.add(new Table(header, rows));
            i = j - 1;
        }
        return out;
    }

    private static List<String> cells(String row) {
        String r = row.strip();
        if (r.startsWith("|")) r = r.substring(1);
        if (r.endsWith("|")) r = r.substring(0, r.length() - 1);
        return Stream.of(r.split("\\|", -1)).map(String::strip).toList();
    }

    /** Names in the first column of tables headed '{kind} (section)', by section. */
    static Map<String, Set<String>> keyTables(String text, String kind) {
        Pattern head = Pattern.compile(Pattern.quote(kind) + " \\((.+)\\)");
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Table t : tables(text)) {
            Matcher m = head.matcher(t.header().getFirst());
            if (!m.matches()) continue;
            Set<String> keys = out.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>());
            for (List<String> row : t.rows()) {
                List<String> names = codeSpans(row.getFirst());
                assertThat(names).as("the first cell of a row of the '%s' table names a key in backticks: %s", t.header().getFirst(), row).isNotEmpty();
                keys.addAll(names);
            }
        }
        return out;
    }

    private static List<String> codeSpans(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static Set<String> lower(java.util.Collection<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p);
    }
}
