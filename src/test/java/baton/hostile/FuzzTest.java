package baton.hostile;

import baton.format.LoadException;
import baton.format.PipelineLoader;
import baton.format.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutates the example pipelines (YAML, JSON, CASCADE.md, ROADMAP.md) 1,000 times: each mutant is
 * either accepted or refused with file:line:col messages; never another exception, never a hang.
 */
class FuzzTest {
    @TempDir Path dir;

    @Test
    void aThousandMutantsGetACleanAnswerEach() throws Exception {
        List<String> seeds = new ArrayList<>();
        seeds.add(Files.readString(Path.of("examples/course/course.baton.yaml")));
        seeds.add(Files.readString(Path.of("examples/phase-servers/course-http.baton.yaml")));
        seeds.add(Files.readString(Path.of("examples/cascade/CASCADE.md")));
        seeds.add(Files.readString(Path.of("examples/roadmap/ROADMAP.md")));
        seeds.add("{\"pipeline\": \"j\", \"params\": {\"a\": 1}, \"phases\": [{\"id\": \"a\", \"run\": \"true\", \"retries\": {\"max\": 2, \"delay\": \"1s\"}},"
                + " {\"id\": \"b\", \"needs\": [{\"phase\": \"a\", \"when\": \"always\"}], \"foreach\": [\"x\", \"y\"], \"run\": \"true\"}]}");
        Random random = new Random(20261123);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        int accepted = 0, refused = 0;
        try {
            for (int i = 0; i < 1000; i++) {
                String seed = seeds.get(i % seeds.size());
                String mutant = mutate(seed, random);
                Path file = dir.resolve("case-" + i + (i % seeds.size() >= 2 && i % seeds.size() <= 3 ? ".md" : ".yaml"));
                Files.writeString(file, mutant, StandardCharsets.UTF_8);
                int n = i;
                Future<Boolean> f = pool.submit(() -> {
                    try {
                        PipelineLoader.load(file);
                        return true;
                    } catch (LoadException e) {
                        assertThat(e.problems()).isNotEmpty();
                        for (Problem p : e.problems()) {
                            assertThat(p.toString()).as("case %d:\n%s", n, mutant).matches("(?s)" + java.util.regex.Pattern.quote(file.toString()) + ":\\d+:\\d+: .+");
                            assertThat(p.message()).as("case %d", n).doesNotContain("Exception").doesNotContain("\tat ");
                        }
                        return false;
                    }
                });
                boolean ok = f.get(10, TimeUnit.SECONDS); // a hang fails here; any other exception fails here too
                if (ok) accepted++; else refused++;
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(accepted + refused).isEqualTo(1000);
        assertThat(refused).isGreaterThan(100);
        System.out.println("fuzz: 1000 mutants, " + accepted + " accepted, " + refused + " refused with located errors");
    }

    private static final String[] TOKENS = {":", "- ", "[", "]", "{", "}", "\"", "'", "&a", "*a", "!!binary", "\t", "\n", "  ", "#", "###",
            "needs: [", "when: maybe", "timeout: 5", "retries: -1", "id: a", "\u0000", "\uFFFF", "|", ">", "%", "@", "`", "- Depends on: X",
            "### Z9: t", "| ID | Task |", "foreach: {output: x}", "contract: none.json", "http: {url: ftp://x}", "9999999999999999999"};

    static String mutate(String seed, Random r) {
        StringBuilder sb = new StringBuilder(seed);
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = sb.isEmpty() ? 0 : r.nextInt(sb.length());
            switch (r.nextInt(6)) {
                case 0 -> sb.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
                case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + r.nextInt(12)));
                case 2 -> sb.setCharAt(Math.min(at, Math.max(0, sb.length() - 1)), (char) (32 + r.nextInt(95)));
                case 3 -> {
                    int from = r.nextInt(Math.max(1, sb.length()));
                    String chunk = sb.substring(from, Math.min(sb.length(), from + r.nextInt(40)));
                    sb.insert(at, chunk);
                }
                case 4 -> {
                    // swap two lines
                    List<String> lines = new ArrayList<>(List.of(sb.toString().split("\n", -1)));
                    if (lines.size() > 2) java.util.Collections.swap(lines, r.nextInt(lines.size()), r.nextInt(lines.size()));
                    sb.setLength(0);
                    sb.append(String.join("\n", lines));
                }
                default -> sb.setLength(Math.max(0, at));
            }
        }
        return sb.toString();
    }

    @Test
    void aTenMegabyteYamlLoadsWithinTheLimits() throws Exception {
        StringBuilder sb = new StringBuilder("pipeline: big\nphases:\n");
        int i = 0;
        while (sb.length() < 10 * 1024 * 1024) {
            sb.append("  - id: p").append(i).append("\n    run: echo ").append("x".repeat(60)).append('\n');
            if (i > 0) sb.append("    needs: [p").append(i - 1).append("]\n");
            i++;
        }
        Path big = Files.writeString(dir.resolve("big.yaml"), sb.toString());
        long t0 = System.nanoTime();
        var p = PipelineLoader.load(big);
        System.out.printf("10 MB YAML: %d phases loaded in %.1f s%n", p.definition().phases().size(), (System.nanoTime() - t0) / 1e9);
        assertThat(p.definition().phases()).hasSize(i);
    }
}
