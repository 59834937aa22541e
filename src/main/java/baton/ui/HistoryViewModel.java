package baton.ui;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The run history on the left of the window: the latest runs, newest first, read off the FX thread. */
public final class HistoryViewModel {
    static final int SHOWN = 500;

    private final OffFxThread calls;
    private final ObservableList<RunSummaryRow> rows = FXCollections.observableArrayList();
    private final ObservableList<RunSummaryRow> rowsShown = FXCollections.unmodifiableObservableList(rows);

    HistoryViewModel(OffFxThread calls) {
        this.calls = calls;
    }

    public ObservableList<RunSummaryRow> rows() {
        return rowsShown;
    }

    public void refresh() {
        calls.call(e -> e.runs(SHOWN).stream().map(RunSummaryRow::new).toList())
                .thenAccept(rows::setAll)
                .exceptionally(OffFxThread.logged("cannot read the run history"));
    }
}
