/**
 * A job's log file: {@code LogWriter} appends tagged records ({@code LogStream}: stdout, stderr,
 * Baton's own lines), {@code LogReader} reads them back as lines, in pages, never whole.
 * (Baton's own rolling log is {@code baton.engine.LogFile}.)
 *
 * <p>May use: {@code store} (file permissions only), the JDK.
 */
package baton.engine.logs;
