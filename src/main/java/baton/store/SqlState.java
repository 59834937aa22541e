package baton.store;

import java.sql.SQLException;

/**
 * The SQLSTATE codes the store acts on. SQLSTATE is the standard's code, the same from H2 and
 * PostgreSQL where the standard names the case; a vendor's own error numbers are never read.
 */
final class SqlState {
    /** Another transaction inserted the same key first (both databases). */
    static final String UNIQUE_VIOLATION = "23505";
    /** The database undid this transaction so that a concurrent one could go on (both databases). */
    static final String SERIALIZATION_FAILURE = "40001";
    /** PostgreSQL's own code for a deadlock it broke by undoing this transaction. */
    static final String DEADLOCK_DETECTED = "40P01";
    /** Wrong user name or password (H2; PostgreSQL says 28P01). */
    static final String INVALID_AUTHORIZATION = "28000";
    /** H2: the database file is open in another process, which a read-only open cannot share. */
    static final String H2_DATABASE_ALREADY_OPEN = "90020";

    private SqlState() {}

    /** A transaction that lost a race with another and may simply be run again. */
    static boolean isConflict(Throwable e) {
        String state = of(e);
        return UNIQUE_VIOLATION.equals(state) || SERIALIZATION_FAILURE.equals(state) || DEADLOCK_DETECTED.equals(state);
    }

    /** The SQLSTATE of the first {@link SQLException} in {@code e}'s causes, or null. */
    static String of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException se && se.getSQLState() != null) return se.getSQLState();
        }
        return null;
    }
}
