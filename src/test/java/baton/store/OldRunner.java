package baton.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * The hand-written migration runner of Baton 0.1, as it was, to make the databases its users
 * have: it applied the H2 files in order and recorded each file's number in {@code schema_version}.
 */
final class OldRunner {
    static final List<String> FILES = List.of("V001__init.sql", "V002__dataflow.sql", "V003__run_plan.sql", "V004__artifact_links.sql",
            "V005__run_requests.sql", "V006__trust_by_path.sql", "V007__attempt_metrics.sql", "V008__run_selection.sql");

    private OldRunner() {}

    /** A database at {@code jdbcUrl} (user sa, no password, as Baton 0.1 made them) with the files up to the {@code upTo}-th applied. */
    static void apply(String jdbcUrl, int upTo) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", "")) {
            execute(c, "CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, file VARCHAR(200) NOT NULL, "
                    + "applied_at TIMESTAMP(6) WITH TIME ZONE NOT NULL)");
            for (int i = 0; i < upTo; i++) {
                for (String statement : statements(FILES.get(i))) execute(c, statement);
                execute(c, "MERGE INTO schema_version (version, file, applied_at) KEY (version) VALUES (" + (i + 1) + ", '" + FILES.get(i)
                        + "', CURRENT_TIMESTAMP)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The statements of a file, split as the old runner split them: on ';' at line ends, '--' comment lines dropped. */
    static List<String> statements(String file) {
        String sql;
        try (InputStream in = OldRunner.class.getResourceAsStream("/db/migration/h2/" + file)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder sb = new StringBuilder();
        for (String line : sql.lines().toList()) {
            if (line.strip().startsWith("--")) continue;
            sb.append(line).append('\n');
        }
        return Arrays.stream(sb.toString().split(";\\s*\\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
