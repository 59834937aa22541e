/**
 * The Gantt's skin: {@code GanttChartSkin} paints only the visible rows and time on one canvas,
 * at most once per frame, through {@code GanttPainter}; {@code GanttBehavior} handles zoom, pan,
 * selection and the context menu, {@code GanttTooltip} the hover details. Nothing outside
 * {@code ui.gantt} should need it.
 *
 * <p>May use: {@code ui.gantt}, {@code model}, JavaFX.
 */
package baton.ui.gantt.impl;
