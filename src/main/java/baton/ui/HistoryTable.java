package baton.ui;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

import java.util.function.Function;

/**
 * The history's table: status (with its colour mark), pipeline, started and duration in view;
 * the run's id, its input and who started it a click away (the header's menu button shows them,
 * and each row's tooltip tells them), since the pane beside the Gantt is narrow: seven columns
 * squeezed into it cut every one to its first letters. Sortable by each column; the filter box
 * above it narrows the rows (it searches the hidden columns too).
 */
final class HistoryTable {
    private HistoryTable() {}

    static void build(TableView<RunSummaryRow> table, TextField filter, HistoryViewModel history) {
        TableColumn<RunSummaryRow, String> run = column("Run", "history-run", RunSummaryRow::runId, 130);
        TableColumn<RunSummaryRow, String> input = column("Input", "history-input", RunSummaryRow::input, 80);
        TableColumn<RunSummaryRow, String> by = column("By", "history-by", RunSummaryRow::startedBy, 60);
        for (var hidden : java.util.List.of(run, input, by)) hidden.setVisible(false);
        table.getColumns().setAll(
                statusColumn(),
                column("Pipeline", "history-pipeline", RunSummaryRow::pipeline, 84),
                column("Started", "history-started", RunSummaryRow::started, RunSummaryRow::startedAt, 118),
                column("Took", "history-duration", RunSummaryRow::duration, RunSummaryRow::tookMillis, 54),
                run, input, by);
        table.setTableMenuButtonVisible(true);
        table.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();

            @Override
            protected void updateItem(RunSummaryRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setTooltip(null);
                    return;
                }
                tip.setText(row.runId() + (row.input().isEmpty() ? "" : "  ·  input " + row.input())
                        + (row.startedBy().isEmpty() ? "" : "  ·  by " + row.startedBy()));
                setTooltip(tip);
            }
        });
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

    /**
     * A column that shows {@code text} of each row and sorts by {@code key} (a time, a length)
     * rather than by that text, which would put "Nov 3" after "Nov 24" and "2m 5s" before "9.7s".
     */
    private static <K extends Comparable<? super K>> TableColumn<RunSummaryRow, RunSummaryRow> column(String title, String id,
            Function<RunSummaryRow, String> text, Function<RunSummaryRow, K> key, double width) {
        TableColumn<RunSummaryRow, RunSummaryRow> c = new TableColumn<>(title);
        c.setId(id);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new javafx.beans.property.ReadOnlyObjectWrapper<>(f.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(RunSummaryRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : text.apply(row));
            }
        });
        c.setComparator(java.util.Comparator.comparing(key, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        return c;
    }

    /** The status, with the same coloured mark as the runs' list had: a run's outcome at a glance. */
    private static TableColumn<RunSummaryRow, String> statusColumn() {
        TableColumn<RunSummaryRow, String> c = column("Status", "history-status", RunSummaryRow::status, 72);
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
