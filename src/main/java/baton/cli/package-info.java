/**
 * The command line's verbs (picocli), each a thin class that turns options into engine calls and
 * engine answers into text, JSON and exit codes (0, 1, 2, 3).
 *
 * <p>May use: {@code engine}, {@code format}, {@code model}. Never JavaFX or the store directly.
 */
package baton.cli;
