/**
 * Files become {@code model} definitions: YAML/JSON pipelines read into a tree that remembers
 * line and column, cascade and roadmap Markdown read with commonmark-java, spawn lines, and the
 * validator. Every problem is a located {@code Problem} ({@code file:line:col: what to do}).
 *
 * <p>May use: {@code model}, Jackson, commonmark, the JSON Schema validator. Never the store,
 * the engine or JavaFX.
 */
package baton.format;
