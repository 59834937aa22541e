package baton.store;

import baton.model.JobRecord;
import baton.model.JobStatus;
import baton.model.RunId;
import baton.model.RunRecord;
import baton.model.RunStatus;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Migrations on H2, the data directory's database: upgrades of the databases Baton 0.1's own
 * runner made, kills half-way through a migration, a failed one, and the read-only open.
 */
class SchemaTest {
    @TempDir Path dir;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static String memoryUrl() {
        return "jdbc:h2:mem:schema" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    private static JdbcRunStore open(String url) {
        return JdbcRunStore.open(url, "sa", "");
    }

    @Test
    void latestIsTheHighestVersionInEachDialectsFolder() throws IOException, URISyntaxException {
        for (Dialect d : Dialect.values()) {
            Path folder = Path.of(SchemaTest.class.getResource("/" + d.migrations()).toURI());
            try (Stream<Path> files = Files.list(folder)) {
                assertThat(files.map(f -> Integer.parseInt(f.getFileName().toString().replaceFirst("^V(\\d+)__.*", "$1"))).max(Integer::compare))
                        .as(d.migrations()).contains(Schema.LATEST);
            }
        }
    }

    @Test
    void aDatabaseOfTheOldRunnerAtAnyVersionIsBaselinedThereAndGetsOnlyTheFilesAfterIt() {
        for (int version = 1; version <= OldRunner.FILES.size(); version++) {
            String url = memoryUrl();
            OldRunner.apply(url, version);
            open(url).close();
            List<String> applied = new ArrayList<>();
            for (int later = version + 1; later <= Schema.LATEST; later++) applied.add(later + " SQL");
            assertThat(history(url)).as("from version %d", version).first().isEqualTo(version + " BASELINE");
            assertThat(history(url)).as("from version %d", version).hasSize(1 + applied.size()).endsWith(applied.toArray(String[]::new));
            assertThat(query(url, "SELECT MAX(version) FROM schema_version")).as("the old table is left as it was").containsExactly(String.valueOf(version));
            assertThat(schemaOf(url)).as("from version %d", version).isEqualTo(schemaOf(newDatabase()));
            // opened again, nothing more is applied
            open(url).close();
            assertThat(history(url)).hasSize(1 + applied.size());
        }
    }

    @Test
    void theDataDirectoryOfBaton01OpensWithItsRunsJobsAndTrust() throws IOException {
        Path data = copyOfBaton01DataDirectory();
        assertThat(tablesOf(data)).doesNotContain(Schema.HISTORY);
        try (RunStore store = DataDirStore.open(data).store()) {
            RunRecord run = store.runs(10).getFirst();
            assertThat(run.id()).isEqualTo(new RunId("r-20261123-0001"));
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            List<JobRecord> jobs = store.jobs(run.id());
            assertThat(jobs).extracting(JobRecord::id, JobRecord::status, JobRecord::exitCode).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("a", JobStatus.SUCCEEDED, 0), org.assertj.core.groups.Tuple.tuple("b", JobStatus.FAILED, 3));
            assertThat(jobs.getFirst().outputs()).isEqualTo(Map.of("n", "1"));
            assertThat(jobs.getFirst().metrics()).isEqualTo(Map.of("tokens", 5.0));
            assertThat(store.stateChanges(run.id(), 0)).hasSize(11);
            assertThat(store.trustedAt("/tmp/oldfix/p.yaml").orElseThrow().scripts()).containsOnlyKeys("x.sh");
            assertThat(store.createRun(new NewRun(run.pipelineRef(), "old", run.plan(), java.time.Instant.now(), "me", run.owner()), List.of())
                    .value()).startsWith("r-");
        }
        assertThat(tablesOf(data)).contains(Schema.HISTORY);
    }

    @Test
    void processesUpgradingOneDataDirectoryAtOnceTakeTurns() throws Exception {
        Path data = copyOfBaton01DataDirectory();
        List<Process> batons = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batons.add(new ProcessBuilder(baton.BatonProcess.command("runs", "--data-dir", data.toString())).redirectErrorStream(true).start());
        }
        for (Process p : batons) {
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(out).contains("r-20261123-0001");
        }
        baton.BatonProcess.stopService(data); // the one service they shared holds the database until it stops
        try (RunStore store = DataDirStore.open(data).store()) {
            assertThat(store.runs(10)).hasSize(1);
        }
        assertThat(tablesOf(data)).contains(Schema.HISTORY);
    }

    @Test
    void metricsStoredBeforeAttemptsHadTheirOwnBecomeTheJobsLatestAttempts() throws SQLException {
        String url = memoryUrl();
        OldRunner.apply(url, OldRunner.FILES.indexOf("V007__attempt_metrics.sql")); // the schema just before per-attempt metrics
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            OldRunner.execute(c, "INSERT INTO pipeline_def (pipeline_id, source_path, base_dir, format, content_hash, source_text, loaded_at) "
                    + "VALUES ('p', '/x/p.yaml', '/x', 'YAML', '" + "h".repeat(64) + "', 'pipeline: p', CURRENT_TIMESTAMP)");
            OldRunner.execute(c, "INSERT INTO run (id, pipeline_ref, pipeline_id, status, params, switches, concurrency, started_at) "
                    + "SELECT 'r-20260101-0001', ref, 'p', 'failed', '{}', '{}', 1, CURRENT_TIMESTAMP FROM pipeline_def");
            OldRunner.execute(c, "INSERT INTO job (run_id, job_id, seq, phase_id, lane, status, attempts) VALUES ('r-20260101-0001', 'a', 0, 'a', 'a', 'failed', 2)");
            for (int n = 1; n <= 2; n++) {
                OldRunner.execute(c, "INSERT INTO attempt (run_id, job_id, attempt, status, started_at, log_path) "
                        + "VALUES ('r-20260101-0001', 'a', " + n + ", 'failed', CURRENT_TIMESTAMP, '/logs')");
            }
            OldRunner.execute(c, "INSERT INTO job_metric (run_id, job_id, metric_name, metric_value) VALUES ('r-20260101-0001', 'a', 'input_tokens', 900)");
        }
        RunId id = new RunId("r-20260101-0001");
        try (RunStore store = open(url)) {
            assertThat(store.attempts(id)).extracting(a -> a.metrics()).containsExactly(Map.of(), Map.of("input_tokens", 900.0));
            assertThat(store.jobs(id).getFirst().metrics()).isEqualTo(Map.of("input_tokens", 900.0));
        }
        // killed after V007's statements, before Flyway recorded them: applied again in full, to the same effect
        execute(url, "DELETE FROM \"" + Schema.HISTORY + "\" WHERE \"version\" IN ('007', '008', '009', '010', '011', '012')");
        try (RunStore store = open(url)) {
            assertThat(store.jobs(id).getFirst().metrics()).isEqualTo(Map.of("input_tokens", 900.0));
        }
        assertThat(history(url)).endsWith("7 SQL", "8 SQL", "9 SQL", "10 SQL", "11 SQL", "12 SQL");
    }

    /**
     * H2 commits DDL statement by statement: a kill cuts a migration after any statement, with
     * nothing recorded. For every cut of every file, whether Flyway or Baton 0.1's runner was
     * applying it, the next open must succeed and end with the schema a new database has.
     */
    @Test
    void aMigrationCutAfterAnyStatementIsAppliedAgainInFullOnTheNextOpen() {
        Map<String, List<String>> expected = schemaOf(newDatabase());
        int cuts = 0;
        for (int file = 1; file <= OldRunner.FILES.size(); file++) {
            List<String> statements = OldRunner.statements(OldRunner.FILES.get(file - 1));
            for (int done = 1; done < statements.size(); done++) {
                String byFlyway = memoryUrl();
                if (file > 1) flyway(byFlyway).target(String.valueOf(file - 1)).load().migrate();
                else historyTableAsFlywayMakesItFirst(byFlyway);
                String byOldRunner = memoryUrl();
                OldRunner.apply(byOldRunner, file - 1);
                for (String url : List.of(byFlyway, byOldRunner)) {
                    for (String statement : statements.subList(0, done)) execute(url, statement);
                    open(url).close();
                    assertThat(schemaOf(url)).as("%s cut after statement %d, %s", OldRunner.FILES.get(file - 1), done,
                            url.equals(byFlyway) ? "by Flyway" : "by the old runner").isEqualTo(expected);
                }
                cuts++;
            }
        }
        assertThat(cuts).isGreaterThan(10);
    }

    @Test
    void aKillWhileFlywayMadeItsHistoryTableLeavesOneThatIsMadeAgain() {
        String url = memoryUrl();
        OldRunner.apply(url, 8);
        historyTableAsFlywayMakesItFirst(url);
        open(url).close();
        assertThat(history(url)).containsExactly("8 BASELINE", "9 SQL", "10 SQL", "11 SQL", "12 SQL");
    }

    @Test
    void aMigrationRecordedAsFailedIsRepairedAndAppliedAgain() {
        String url = memoryUrl();
        flyway(url).target("7").load().migrate();
        // as Flyway records a file that failed on H2 (a full disk): its statements may be half applied
        execute(url, OldRunner.statements("V008__run_selection.sql").getFirst());
        execute(url, "INSERT INTO \"" + Schema.HISTORY + "\" (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", "
                + "\"installed_by\", \"execution_time\", \"success\") VALUES (9, '008', 'run selection', 'SQL', 'V008__run_selection.sql', 0, 'SA', 5, FALSE)");
        open(url).close();
        assertThat(history(url)).endsWith("7 SQL", "8 SQL", "9 SQL", "10 SQL", "11 SQL", "12 SQL");
        assertThat(query(url, "SELECT COUNT(*) FROM \"" + Schema.HISTORY + "\" WHERE NOT \"success\"")).containsExactly("0");
        assertThat(schemaOf(url)).isEqualTo(schemaOf(newDatabase()));
    }

    @Test
    void aDatabaseOtherThanH2OrPostgresqlIsRefusedInOneLine() {
        assertThatThrownBy(() -> JdbcRunStore.open("jdbc:mysql://localhost/baton", "u", "p")).isInstanceOf(StoreException.class)
                .hasMessage("Baton keeps its runs in H2 or PostgreSQL, not in jdbc:mysql: (the database URL starts with jdbc:h2: or jdbc:postgresql:)");
    }

    // --- helpers ---

    /** Flyway's history table with only the 'table created' marker Flyway writes on H2: what a kill right after it leaves. */
    private static void historyTableAsFlywayMakesItFirst(String url) {
        flyway(url).baselineVersion("0").load().baseline();
        execute(url, "DELETE FROM \"" + Schema.HISTORY + "\" WHERE \"type\" = 'BASELINE'");
        assertThat(query(url, "SELECT \"type\" FROM \"" + Schema.HISTORY + "\"")).containsExactly("TABLE");
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(String url) {
        return Flyway.configure().dataSource(url, "sa", "").locations("classpath:" + Dialect.H2.migrations()).table(Schema.HISTORY);
    }

    private static String newDatabase() {
        String url = memoryUrl();
        open(url).close();
        return url;
    }

    private Path copyOfBaton01DataDirectory() throws IOException {
        Path data = Files.createDirectories(dir.resolve("baton-0.1"));
        for (String name : List.of("baton.mv.db", DatabasePassword.FILE)) {
            try (InputStream in = SchemaTest.class.getResourceAsStream("/baton/store/v008-data/" + name)) {
                Files.copy(in, data.resolve(name));
            }
        }
        return data;
    }

    private static List<String> tablesOf(Path data) {
        String password;
        try {
            password = Files.readString(data.resolve(DatabasePassword.FILE)).strip();
        } catch (IOException e) {
            password = "";
        }
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("baton"), "sa", password);
             var rs = c.getMetaData().getTables(null, "PUBLIC", null, new String[]{"TABLE", "BASE TABLE"})) {
            while (rs.next()) out.add(rs.getString("TABLE_NAME"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Flyway's history as "version type", oldest first, without its 'table created' marker. */
    private static List<String> history(String url) {
        return query(url, "SELECT CAST(CAST(\"version\" AS INT) AS VARCHAR) || ' ' || \"type\" FROM \"" + Schema.HISTORY
                + "\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"");
    }

    /** Each table's columns (name, type, nullable, default) and indexes: what the migrations make, without the runners' own tables. */
    private static Map<String, List<String>> schemaOf(String url) {
        Map<String, List<String>> schema = new java.util.TreeMap<>();
        for (String row : query(url, "SELECT TABLE_NAME || ' ' || COLUMN_NAME || ' ' || DATA_TYPE || ' ' || IS_NULLABLE || ' ' || COALESCE(COLUMN_DEFAULT, '') "
                + "FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY TABLE_NAME, COLUMN_NAME")) {
            schema.computeIfAbsent(row.substring(0, row.indexOf(' ')), k -> new ArrayList<>()).add(row);
        }
        schema.computeIfAbsent("indexes", k -> new ArrayList<>()).addAll(
                query(url, "SELECT TABLE_NAME || ' ' || INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_SCHEMA = 'PUBLIC' "
                        + "AND INDEX_NAME NOT LIKE 'PRIMARY_KEY%' AND INDEX_NAME NOT LIKE 'CONSTRAINT%' AND INDEX_NAME NOT LIKE 'FK%' ORDER BY 1"));
        schema.remove(Schema.HISTORY);
        schema.remove(Schema.OLD_HISTORY.toUpperCase(java.util.Locale.ROOT));
        schema.get("indexes").removeIf(i -> i.startsWith(Schema.HISTORY));
        return schema;
    }

    private static List<String> query(String url, String sql) {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
        return out;
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            OldRunner.execute(c, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
