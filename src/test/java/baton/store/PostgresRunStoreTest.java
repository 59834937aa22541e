package baton.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store contract on PostgreSQL: a real server from the binaries zonky ships through Maven,
 * started once for the class, with a new database for each test. As root (initdb refuses it),
 * zonky runs the server in a user namespace of its own ({@code unshare -U}); where that cannot
 * start, the class is skipped and says why.
 */
class PostgresRunStoreTest extends RunStoreContract {
    private static EmbeddedPostgres server;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private String url;

    @BeforeAll
    static void startServer() {
        try {
            server = EmbeddedPostgres.builder().start();
        } catch (IOException | RuntimeException e) {
            String why = "PostgreSQL run of the store contract skipped: the embedded server did not start (" + e + ")";
            System.out.println(why);
            Assumptions.abort(why);
        }
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (server != null) server.close();
    }

    @Override
    protected RunStore openStore() {
        if (url == null) {
            String name = "contract_" + DATABASES.incrementAndGet();
            try (var c = server.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot make the test database " + name, e);
            }
            url = server.getJdbcUrl("postgres", name);
        }
        return JdbcRunStore.open(url, "postgres", "");
    }
}
