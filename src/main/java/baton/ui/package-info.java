/**
 * The window. Views are FXML ({@code fxml/}) with thin controllers: {@code MainController} wires
 * the window, {@code JobDetailsPane} and {@code LogPane} the panes it includes, {@code DropHandler}
 * takes dropped files, {@code DialogService} shows every dialog. View models hold no node and
 * expose read-only properties: {@code MainViewModel} (the open file, the status line, the event
 * drain once per frame) over {@code TimelineViewModel}, {@code HistoryViewModel},
 * {@code SelectedJobViewModel} and {@code RunActionsViewModel}.
 *
 * <p>The engine is reached through one door, {@code EngineCalls} ({@code LocalEngineCalls} in this
 * process, a client of the Baton service later), always off the FX thread via {@code OffFxThread};
 * live events come in through its one subscription ({@code LiveEvents}). The Gantt lives in
 * {@code ui.gantt}.
 *
 * <p>May use: {@code engine} (its value types; only {@code LocalEngineCalls} and {@code BatonApp}
 * its {@code Engine}), {@code format}, {@code model}, JavaFX, ControlsFX. Never the store.
 */
package baton.ui;
