/**
 * The command line's verbs (picocli), each a thin class that turns options into engine calls and
 * engine answers into text, JSON and exit codes (0, 1, 2, 3). {@code DataDir} is the one place a
 * verb reaches the data directory (its engine, the run a person named), {@code EngineVerb} the
 * shape of the verbs about stored runs, and {@code VerbErrors} what every verb's failure prints.
 *
 * <p>May use: {@code engine}, {@code format}, {@code model}; of the store only
 * {@code StoreException}, which engine calls let through. Never JavaFX.
 */
package baton.cli;
