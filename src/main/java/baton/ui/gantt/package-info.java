/**
 * The Gantt control: {@code GanttChart} (a {@code Control} with its properties), its colours
 * ({@code GanttPalette}, set by the stylesheet), and the model it draws ({@code GanttModel}, rows,
 * segments per attempt, lanes). Its skin is in {@code impl}.
 *
 * <p>May use: {@code model}, JavaFX.
 */
package baton.ui.gantt;
