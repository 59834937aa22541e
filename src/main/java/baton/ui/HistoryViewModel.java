package baton.ui;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/** The run history on the left of the window: the latest runs, newest first, read off the FX thread, and a filter over them. */
public final class HistoryViewModel {
    static final int SHOWN = 500;

    private final OffFxThread calls;
    private final ObservableList<RunSummaryRow> rows = FXCollections.observableArrayList();
    private final ObservableList<RunSummaryRow> rowsShown = FXCollections.unmodifiableObservableList(rows);
    /** What the history's filter box asks for: rows holding it in any column. */
    private final StringProperty filter = new SimpleStringProperty("");
    private final FilteredList<RunSummaryRow> filtered = new FilteredList<>(rowsShown);

    HistoryViewModel(OffFxThread calls) {
        this.calls = calls;
        filter.addListener((o, was, now) -> filtered.setPredicate(r -> r.matches(now)));
    }

    public StringProperty filterProperty() {
        return filter;
    }

    /** The rows the filter lets through. */
    public ObservableList<RunSummaryRow> filteredRows() {
        return filtered;
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
