package baton.store;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * H2 plans a prepared statement once, when it is prepared, and Baton prepares its writes when a
 * database opens, most often a new and empty one. Planned on empty tables without V010, the job
 * moves used the foreign key's index on run_id alone and read every job of the run at every
 * move (21 ms a job at 10,000 jobs). Each update of a job step must look its row up by
 * run and job (an attempt's by the foreign key's index on both is as good: a job has few).
 */
class WritePlanTest {
    private static final Map<String, String> UPDATES = Map.of(
            "job move", CommitWriter.JOB_MOVE,
            "attempt's handle", CommitWriter.ATTEMPT_PID,
            "attempt's end", CommitWriter.ATTEMPT_END);

    @Test
    void theUpdatesOfAJobStepUseThePrimaryKeyOnANewEmptyDatabase() throws SQLException {
        String url = "jdbc:h2:mem:plans;DB_CLOSE_DELAY=-1";
        try (JdbcRunStore store = JdbcRunStore.open(url, "sa", ""); Connection c = DriverManager.getConnection(url, "sa", "")) {
            // the index the plan uses, with the conditions it looks up by, is in its comment
            UPDATES.forEach((what, sql) -> assertThat(plan(c, sql)).as(what).containsPattern("/\\* PUBLIC\\.\\w+: RUN_ID = \\?\\d+\\s+AND JOB_ID = \\?\\d+"));
        }
    }

    private static String plan(Connection c, String sql) {
        try (var ps = c.prepareStatement("EXPLAIN " + sql)) {
            int n = ps.getParameterMetaData().getParameterCount();
            for (int i = 1; i <= n; i++) ps.setNull(i, Types.NULL);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }
}
