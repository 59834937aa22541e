/**
 * Everything Baton keeps, behind {@code RunStore} in domain words: one JDBC implementation
 * ({@code JdbcRunStore}) for H2 and PostgreSQL with a small {@code Dialect}, the group commit of a
 * coordinator step ({@code CommitWriter}), the schema's migrations applied by Flyway
 * ({@code Schema}, {@code db/migration/h2} and {@code db/migration/postgresql}), and a data
 * directory's own database and protection ({@code DataDirStore}, {@code OwnerOnly},
 * {@code DatabasePassword}).
 *
 * <p>May use: {@code model}, Jdbi, JDBC, H2, Flyway, Jackson. Never the engine, the format readers or JavaFX.
 */
package baton.store;
