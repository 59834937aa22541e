package baton.store;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What differs between the databases {@link JdbcRunStore} runs on: where their migrations are and
 * how a row is inserted or replaced. Everything else is the same SQL on both.
 */
enum Dialect {
    H2("jdbc:h2:") {
        @Override
        String upsert(String table, List<String> key, List<String> values) {
            return "MERGE INTO " + table + " (" + columns(key, values) + ") KEY (" + String.join(", ", key) + ") VALUES ("
                    + marks(key, values) + ")";
        }
    },
    POSTGRESQL("jdbc:postgresql:") {
        @Override
        String upsert(String table, List<String> key, List<String> values) {
            return "INSERT INTO " + table + " (" + columns(key, values) + ") VALUES (" + marks(key, values) + ") ON CONFLICT ("
                    + String.join(", ", key) + ") DO UPDATE SET "
                    + values.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
        }
    };

    private final String urlPrefix;

    Dialect(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    /** The dialect of a JDBC URL; refused with a one-line reason for a database Baton has no SQL for. */
    static Dialect of(String jdbcUrl) {
        for (Dialect d : values()) if (jdbcUrl.startsWith(d.urlPrefix)) return d;
        throw new StoreException("Baton keeps its runs in H2 or PostgreSQL, not in " + jdbcUrl.replaceFirst("^(jdbc:[^:]+:).*", "$1")
                + " (the database URL starts with jdbc:h2: or jdbc:postgresql:)");
    }

    /** The folder of this database's migrations, for Flyway: one explicit location, never the whole class path. */
    String migrations() {
        return "db/migration/" + name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * One statement that inserts a row, or replaces the {@code values} of the row with the same
     * {@code key}; its parameters are the key columns, then the value columns.
     */
    abstract String upsert(String table, List<String> key, List<String> values);

    private static String columns(List<String> key, List<String> values) {
        return String.join(", ", Stream.concat(key.stream(), values.stream()).toList());
    }

    private static String marks(List<String> key, List<String> values) {
        return String.join(", ", java.util.Collections.nCopies(key.size() + values.size(), "?"));
    }
}
