/**
 * The launcher: chooses between the window and a verb, wires things by hand, and copies the
 * examples on first start.
 *
 * <p>May use: every other package.
 */
package baton.app;
