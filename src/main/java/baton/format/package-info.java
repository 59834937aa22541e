/**
 * Files become {@code model} definitions: YAML/JSON pipelines read into a tree that remembers
 * line and column and mapped onto the model a block at a time (the pipeline, a phase, its http
 * block), cascade and roadmap Markdown read with commonmark-java, scripts and folders of scripts,
 * spawn lines, and the validator. {@code FormatKeys} holds every key a reader accepts. Every
 * problem is a located {@code Problem} ({@code file:line:col: what to do}).
 *
 * <p>May use: {@code model}, Jackson, commonmark, the JSON Schema validator. Never the store,
 * the engine or JavaFX.
 */
package baton.format;
