package baton.store;

import org.jdbi.v3.core.Handle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Applies the versioned SQL files under db/migration in order, each once. */
final class Migrations {
    /**
     * In order; a new file is added at the end and never edited once released. Each statement
     * must be safe to run twice (CREATE ... IF NOT EXISTS and the like).
     */
    static final List<String> FILES = List.of("V001__init.sql", "V002__dataflow.sql", "V003__run_plan.sql", "V004__artifact_links.sql",
            "V005__run_requests.sql", "V006__trust_by_path.sql", "V007__attempt_metrics.sql",
            "V008__run_selection.sql");

    private Migrations() {}

    static void apply(Handle h) {
        apply(h, FILES.size());
    }

    /** Applies the files up to the {@code upTo}-th (1-based): an older Baton's schema, for the tests of upgrades. */
    static void apply(Handle h, int upTo) {
        h.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, file VARCHAR(200) NOT NULL, "
                + "applied_at TIMESTAMP(6) WITH TIME ZONE NOT NULL)");
        int current = h.createQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version").mapTo(Integer.class).one();
        for (int i = current; i < upTo; i++) {
            String file = FILES.get(i);
            String sql = read(file);
            int version = i + 1;
            h.useTransaction(tx -> {
                for (String statement : split(sql)) tx.execute(statement);
                // DDL commits as it goes in H2: a migration cut off half-way (a kill) is applied again in full
                // next time, so every statement is written to be repeatable (IF NOT EXISTS)
                tx.createUpdate("MERGE INTO schema_version (version, file, applied_at) KEY (version) VALUES (:v, :f, :at)")
                        .bind("v", version).bind("f", file).bind("at", Instant.now()).execute();
            });
        }
    }

    private static String read(String file) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + file)) {
            if (in == null) throw new StoreException("migration " + file + " is missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read migration " + file, e);
        }
    }

    /** Splits on ';' at line ends, after dropping '--' comment lines. */
    private static List<String> split(String sql) {
        StringBuilder sb = new StringBuilder();
        for (String line : sql.lines().toList()) {
            if (line.strip().startsWith("--")) continue;
            sb.append(line).append('\n');
        }
        return java.util.Arrays.stream(sb.toString().split(";\\s*\\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
