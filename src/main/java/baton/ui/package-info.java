/**
 * The window: FXML views with thin controllers, view models without nodes that call the engine
 * off the FX thread (docs/decisions/0004), dialogs, the log view and the single-instance
 * hand-off. The Gantt lives in {@code ui.gantt}.
 *
 * <p>May use: {@code engine}, {@code format}, {@code model}, JavaFX, ControlsFX. Never the store.
 */
package baton.ui;
