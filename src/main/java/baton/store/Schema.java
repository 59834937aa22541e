package baton.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Brings a database's schema up to date: Flyway applies the files of the dialect's folder
 * ({@code db/migration/h2/V001__init.sql}…), each once, recorded in {@code flyway_schema_history}.
 *
 * <p>Three cases Flyway does not settle alone (decision 0009):
 * <ul>
 * <li>A database of Baton 0.1, whose hand-written runner recorded file numbers in
 * {@code schema_version}: Flyway's history starts as a baseline at that number, so nothing is
 * applied twice. {@code schema_version} itself is left as it was.</li>
 * <li>A kill during a migration. H2 commits DDL statement by statement, so half a file may be
 * applied with nothing recorded; the whole file is applied again on the next open, which is why
 * every statement of every file is repeatable ({@code IF NOT EXISTS}, {@code MERGE}). A kill
 * while the history table was being made leaves it without its baseline: it is made again.</li>
 * <li>A migration that failed (a full disk) is recorded as failed, which Flyway then refuses to
 * go past; the failed row is removed ({@code repair}) and the file applied again, once.</li>
 * </ul>
 * Flyway is loaded only when the schema is behind: an up-to-date database costs one small query.
 */
final class Schema {
    /** The highest version in the migration folders; {@code SchemaTest} keeps the two equal. */
    static final int LATEST = 12;
    static final String HISTORY = "flyway_schema_history";
    /** The hand-written runner's table (Baton 0.1): version n is file {@code V00n}. */
    static final String OLD_HISTORY = "schema_version";

    private Schema() {}

    /**
     * Where a database stands: its version by Flyway's history, whether a migration failed, and
     * the version in the old runner's table, if it has one.
     */
    record Version(boolean hasHistory, int flyway, boolean failed, boolean hasOldHistory, int old) {
        /** Up to date and under Flyway. */
        boolean current() {
            return hasHistory && flyway == LATEST && !failed;
        }

        /**
         * A database of the old runner that Flyway's history does not cover yet (at version 0 when
         * the old runner was cut off in its first file: Flyway then applies every file).
         */
        boolean needsBaseline() {
            return hasOldHistory && flyway == 0;
        }
    }

    static void migrate(DataSource ds, Dialect dialect) {
        Version v = version(ds);
        if (!v.current()) WithFlyway.migrate(ds, dialect, v);
    }

    /** Flyway's part, in a class of its own so that Flyway's classes are loaded only when a migration is due. */
    private static final class WithFlyway {
        /** Flyway's progress notes are not news; its warnings go to Baton's log (held here: a logger's level lives as long as it). */
        private static final Logger LOG = Logger.getLogger("org.flywaydb");

        static void migrate(DataSource ds, Dialect dialect, Version v) {
            LOG.setLevel(Level.WARNING);
            if (v.needsBaseline()) {
                // a history table without a version is what a kill while Flyway made it leaves
                if (v.hasHistory()) execute(ds, "DROP TABLE \"" + HISTORY + "\"");
                flyway(ds, dialect, String.valueOf(v.old())).baseline();
            }
            Flyway flyway = flyway(ds, dialect, null);
            try {
                flyway.migrate();
            } catch (FlywayException e) {
                if (!version(ds).failed()) throw e;
                System.getLogger("baton.store").log(System.Logger.Level.WARNING,
                        "a schema migration had failed before (" + StoreException.oneLine(e) + "): applying it again");
                flyway.repair();
                flyway.migrate();
            }
        }

        private static Flyway flyway(DataSource ds, Dialect dialect, String baselineVersion) {
            var config = Flyway.configure(Schema.class.getClassLoader())
                    .dataSource(ds)
                    .locations("classpath:" + dialect.migrations())
                    .loggers("org.flywaydb.core.internal.logging.javautil.JavaUtilLogCreator")
                    .placeholderReplacement(false)
                    .table(HISTORY);
            if (baselineVersion != null) config = config.baselineVersion(baselineVersion).baselineDescription("Baton 0.1 schema_version");
            return config.load();
        }
    }

    /**
     * Reads where the schema stands without Flyway: one query for a database that is up to date,
     * a look at the tables only for one that is not.
     */
    static Version version(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            boolean hasHistory = true;
            int flyway = 0;
            boolean failed = false;
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT \"version\", \"success\" FROM \"" + HISTORY + "\"")) {
                while (rs.next()) {
                    String version = rs.getString(1);
                    if (!rs.getBoolean(2)) failed = true;
                    else if (version != null) flyway = Math.max(flyway, versionNumber(version));
                }
            } catch (SQLException e) {
                if (exists(c, HISTORY)) throw e;
                hasHistory = false; // a database of the old runner, or a new one
            }
            if (hasHistory && flyway == LATEST && !failed) return new Version(true, flyway, false, false, 0);
            boolean hasOld = exists(c, OLD_HISTORY);
            int old = 0;
            if (hasOld) {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + OLD_HISTORY)) {
                    rs.next();
                    old = rs.getInt(1);
                }
            }
            return new Version(hasHistory, flyway, failed, hasOld, old);
        } catch (SQLException e) {
            throw new StoreException("cannot read the database's schema version: " + StoreException.oneLine(e), e);
        }
    }

    private static int versionNumber(String version) {
        return Integer.parseInt(version.split("\\.")[0]);
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        var meta = c.getMetaData();
        for (String name : new String[]{table, table.toUpperCase(java.util.Locale.ROOT)}) {
            try (var rs = meta.getTables(null, c.getSchema(), name, new String[]{"TABLE", "BASE TABLE"})) {
                if (rs.next()) return true;
            }
        }
        return false;
    }

    private static void execute(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); var st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new StoreException("cannot prepare the database's schema history: " + StoreException.oneLine(e), e);
        }
    }
}
