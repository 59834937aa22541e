/**
 * The Gantt's skin: paints only the visible rows and time on one canvas, at most once per frame,
 * and handles zoom, pan, hover and selection. Nothing outside {@code ui.gantt} should need it.
 *
 * <p>May use: {@code ui.gantt}, {@code model}, JavaFX.
 */
package baton.ui.gantt.impl;
