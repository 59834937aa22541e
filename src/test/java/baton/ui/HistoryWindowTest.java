package baton.ui;

import baton.engine.RunOptions;
import baton.model.RunId;
import baton.model.RunStatus;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static baton.ui.MainWindowTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The history is a table with a filter in a resizable pane; the run shown says how it was started, and a past one that it is read-only. */
class HistoryWindowTest extends WindowTestBase {
    @Start
    void start(Stage stage) throws Exception {
        showWindow(stage);
    }

    @Test
    void theHistoryHasColumnsAFilterAndTheRunItsHeader(FxRobot robot) throws Exception {
        Path input = Files.writeString(dir.resolve("chapter.txt"), "text");
        Path file = Files.writeString(dir.resolve("hist.yaml"), """
                pipeline: hist
                params: { language: es }
                input: ["*.txt"]
                phases:
                  - id: read
                    run: cat "$BATON_INPUT"
                  - id: extra
                    optional: true
                    run: "true"
                """);
        Path other = Files.writeString(dir.resolve("other.yaml"), "pipeline: other\nphases:\n  - id: x\n    run: \"true\"\n");
        Platform.runLater(() -> vm.open(file, () -> {}));
        waitUntil(() -> vm.pipelineProperty().get() != null);
        var p = vm.pipelineProperty().get();
        WaitForAsyncUtils.asyncFx(() -> vm.trust(p)).get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        RunOptions o = new RunOptions(Map.of("language", "fr"), Set.of("extra"), Set.of(), input.toString(), null, false, "ada");
        RunId first = WaitForAsyncUtils.asyncFx(() -> vm.start(p, o)).get(10, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);
        waitUntil(() -> vm.shownRunProperty().get() != null && vm.shownRunProperty().get().status() == RunStatus.SUCCEEDED);
        Platform.runLater(() -> vm.open(other, () -> {}));
        waitUntil(() -> vm.pipelineProperty().get() != null && vm.pipelineProperty().get().definition().id().equals("other"));
        var q = vm.pipelineProperty().get();
        WaitForAsyncUtils.asyncFx(() -> vm.trust(q)).get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> vm.start(q, RunOptions.defaults())).get(10, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);
        waitUntil(() -> vm.history().rows().size() == 2);

        @SuppressWarnings("unchecked")
        TableView<RunSummaryRow> table = robot.lookup("#historyTable").queryAs(TableView.class);
        assertThat(table.getColumns()).extracting(c -> c.getText()).containsExactly("Status", "Pipeline", "Started", "Took", "Run", "Input", "By");
        // the narrow pane shows four; the others are in the header's menu, and in each row's tooltip
        assertThat(table.getColumns().filtered(javafx.scene.control.TableColumn::isVisible)).extracting(c -> c.getText())
                .containsExactly("Status", "Pipeline", "Started", "Took");
        assertThat(table.isTableMenuButtonVisible()).isTrue();
        assertThat(table.getItems()).hasSize(2);
        RunSummaryRow histRow = table.getItems().stream().filter(r -> r.pipeline().equals("hist")).findFirst().orElseThrow();
        assertThat(histRow.input()).isEqualTo("chapter.txt");
        assertThat(histRow.startedBy()).isEqualTo("ada");
        // "Started" and "Took" sort by time, not by their text ("Nov 24" before "Nov 3", "2m 5s" before "9.7s")
        var stored = histRow.run();
        java.time.Instant nov3 = java.time.ZonedDateTime.of(2026, 11, 3, 12, 0, 0, 0, java.time.ZoneId.systemDefault()).toInstant();
        java.time.Instant nov24 = nov3.plus(java.time.Duration.ofDays(21));
        RunSummaryRow early = new RunSummaryRow(withTimes(stored, nov3, nov3.plusMillis(9_700)));
        RunSummaryRow late = new RunSummaryRow(withTimes(stored, nov24, nov24.plusSeconds(125)));
        assertThat(early.started().compareTo(late.started())).as("as text").isPositive();
        assertThat(early.duration().compareTo(late.duration())).as("as text").isPositive();
        @SuppressWarnings("unchecked")
        var started = (javafx.scene.control.TableColumn<RunSummaryRow, RunSummaryRow>) table.getColumns().get(2);
        @SuppressWarnings("unchecked")
        var took = (javafx.scene.control.TableColumn<RunSummaryRow, RunSummaryRow>) table.getColumns().get(3);
        assertThat(started.getComparator().compare(early, late)).isNegative();
        assertThat(took.getComparator().compare(early, late)).isNegative();
        var rowTips = robot.lookup(".table-row-cell").queryAllAs(javafx.scene.control.TableRow.class).stream()
                .map(r -> r.getTooltip() == null ? "" : r.getTooltip().getText()).toList();
        assertThat(rowTips).contains(first.value() + "  ·  input chapter.txt  ·  by ada");

        robot.clickOn("#historyFilter").write("chapter");
        assertThat(table.getItems()).extracting(RunSummaryRow::pipeline).containsExactly("hist");
        // the history's pane can be made wider
        SplitPane sides = robot.lookup("#sides").queryAs(SplitPane.class);
        assertThat(sides.getItems()).hasSize(2);

        Platform.runLater(() -> table.getSelectionModel().select(0));
        waitUntil(() -> vm.shownRunProperty().get().id().equals(first));
        Label header = robot.lookup("#runHeader").queryAs(Label.class);
        waitUntil(() -> header.getText().contains(first.value()));
        assertThat(header.getText()).contains("started by ada").contains("input chapter.txt").contains("params language=fr")
                .contains("switched on: extra").endsWith("read-only: Retry or Resume makes it live again");
        ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(10, TimeUnit.SECONDS), null),
                "png", Files.createDirectories(Path.of("target")).resolve("history.png").toFile());
    }

    private static baton.model.RunRecord withTimes(baton.model.RunRecord r, java.time.Instant start, java.time.Instant end) {
        return new baton.model.RunRecord(r.id(), r.pipelineRef(), r.pipelineId(), r.status(), r.params(), r.switches(), r.input(), r.concurrency(),
                start, end, r.startedBy(), r.sourcePath(), r.owner(), r.alreadyDone(), r.takenFrom(), r.leftOut(), r.autoApprove(), r.executor());
    }
}
