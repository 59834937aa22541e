package baton.ui;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

import java.util.function.Function;

/**
 * The history's table: status (with its colour mark), pipeline, run, started, duration, input
 * and who started it, sortable by each; the filter box above it narrows the rows.
 */
final class HistoryTable {
    private HistoryTable() {}

    static void build(TableView<RunSummaryRow> table, TextField filter, HistoryViewModel history) {
        table.getColumns().setAll(
                statusColumn(),
                column("Pipeline", "history-pipeline", RunSummaryRow::pipeline, 90),
                column("Run", "history-run", RunSummaryRow::runId, 130),
                column("Started", "history-started", RunSummaryRow::started, 110),
                column("Duration", "history-duration", RunSummaryRow::duration, 70),
                column("Input", "history-input", RunSummaryRow::input, 80),
                column("By", "history-by", RunSummaryRow::startedBy, 60));
        filter.textProperty().bindBidirectional(history.filterProperty());
        table.setItems(history.filteredRows());
    }

    private static TableColumn<RunSummaryRow, String> column(String title, String id, Function<RunSummaryRow, String> value, double width) {
        TableColumn<RunSummaryRow, String> c = new TableColumn<>(title);
        c.setId(id);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(value.apply(f.getValue())));
        return c;
    }

    /** The status, with the same coloured mark as the runs' list had: a run's outcome at a glance. */
    private static TableColumn<RunSummaryRow, String> statusColumn() {
        TableColumn<RunSummaryRow, String> c = column("Status", "history-status", RunSummaryRow::status, 80);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String status, boolean empty) {
                super.updateItem(status, empty);
                getStyleClass().removeAll("run-succeeded", "run-failed", "run-running", "run-cancelled", "run-interrupted");
                setText(empty ? null : status);
                if (!empty && status != null) getStyleClass().add("run-" + status);
            }
        });
        return c;
    }
}
