/**
 * The launcher: chooses between the window and a verb, wires things by hand, copies the
 * examples on first start, and logs what no one else caught.
 *
 * <p>May use: every other package.
 */
package baton.app;
