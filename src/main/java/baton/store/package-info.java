/**
 * Everything Baton keeps, behind {@code RunStore} in domain words: the H2 implementation, the
 * group commit of a coordinator step ({@code CommitWriter}), SQL migrations under
 * {@code db/migration}, and the data directory's protection ({@code OwnerOnly},
 * {@code DatabasePassword}).
 *
 * <p>May use: {@code model}, Jdbi, H2, Jackson. Never the engine, the format readers or JavaFX.
 */
package baton.store;
