package baton.ui;

import baton.model.AttemptRecord;
import baton.model.JobRecord;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.FilteredList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.VirtualFlow;

import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The log pane ({@code fxml/log-pane.fxml}): the chosen attempt's log, paged from its file by a
 * {@link LogViewModel}, with search, a stderr filter, and following the tail while the job runs.
 */
public final class LogPane {
    /** How often the tail of a running attempt's log is read. */
    private static final long TAIL_EVERY_NANOS = 250_000_000L;
    /** Lines kept above a found line when it is scrolled to. */
    private static final int CONTEXT_LINES = 3;

    private final LogViewModel log;
    @FXML TextField searchField;
    @FXML CheckBox regexBox, stderrOnly, followTail;
    @FXML Button earlierButton;
    @FXML Label searchInfo, logInfo;
    @FXML ListView<LogLine> logList;

    private FilteredList<LogLine> shownLines;
    /** What the search field asks for; null when it is empty or not a valid regex. */
    private Pattern pattern;
    private boolean invalidRegex;
    private int searchIndex = -1;
    private ObservableValue<AttemptRecord> attempt;
    private ObservableValue<JobRecord> job;
    private long lastTail;

    LogPane(LogViewModel log) {
        this.log = log;
    }

    @FXML
    void initialize() {
        shownLines = new FilteredList<>(log.lines());
        logList.setItems(shownLines);
        logList.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(LogLine item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("stderr", "baton-line", "match");
                if (empty || item == null) {
                    setText(null);
                    return;
                }
                setText(item.text());
                if (item.isStderr()) getStyleClass().add("stderr");
                if (item.isBaton()) getStyleClass().add("baton-line");
                if (pattern != null && pattern.matcher(item.text()).find()) getStyleClass().add("match");
            }
        });
        stderrOnly.selectedProperty().addListener((o, a, b) -> shownLines.setPredicate(b ? LogLine::isStderr : null));
        log.lines().addListener((ListChangeListener<LogLine>) c -> {
            if (followTail.isSelected() && !shownLines.isEmpty()) logList.scrollTo(shownLines.size() - 1);
        });
        logList.setOnScroll(e -> {
            // scrolling up stops following; coming back to the bottom follows again
            if (e.getDeltaY() > 0) followTail.setSelected(false);
            else if (atBottom()) followTail.setSelected(true);
        });
        earlierButton.visibleProperty().bind(log.hasEarlierProperty());
        logInfo.textProperty().bind(log.infoProperty());
        searchField.textProperty().addListener((o, was, now) -> queryChanged());
        regexBox.selectedProperty().addListener((o, was, now) -> queryChanged());
        searchField.setOnAction(e -> onSearchNext());
    }

    /** Shows the log of the attempt chosen in the job panel, and reads its tail while {@code job} runs. */
    void follow(ObservableValue<AttemptRecord> attempt, ObservableValue<JobRecord> job) {
        this.attempt = attempt;
        this.job = job;
        attempt.addListener((o, a, b) -> {
            if (b == null) log.show(null);
            else if (a == null || a.attempt() != b.attempt() || !a.jobId().equals(b.jobId())) log.show(Path.of(b.logPath()));
        });
    }

    /** Called every frame: reads what a running attempt wrote since, a few times a second. */
    void tick(long now) {
        if (attempt == null || now - lastTail < TAIL_EVERY_NANOS) return;
        lastTail = now;
        AttemptRecord a = attempt.getValue();
        JobRecord r = job.getValue();
        if (a != null && (a.endedAt() == null || r == null || !r.status().isTerminal())) log.refresh();
    }

    void focusSearch() {
        searchField.requestFocus();
    }

    private void queryChanged() {
        searchIndex = -1;
        try {
            pattern = LogSearch.compile(searchField.getText(), regexBox.isSelected()).orElse(null);
            invalidRegex = false;
        } catch (PatternSyntaxException e) {
            // half-typed regexes are normal: nothing is marked, and a search says so
            pattern = null;
            invalidRegex = true;
        }
        logList.refresh();
    }

    @FXML
    void onLoadEarlier() {
        log.loadEarlier();
    }

    @FXML
    void onSearchNext() {
        search(1);
    }

    @FXML
    void onSearchPrevious() {
        search(-1);
    }

    private void search(int direction) {
        if (pattern == null) {
            searchInfo.setText(invalidRegex ? "not a valid regex" : "");
            return;
        }
        int i = LogSearch.next(shownLines, searchIndex, direction, pattern);
        if (i < 0) {
            searchInfo.setText("no match");
            return;
        }
        searchIndex = i;
        followTail.setSelected(false);
        logList.getSelectionModel().select(i);
        logList.scrollTo(Math.max(0, i - CONTEXT_LINES));
        long total = LogSearch.count(shownLines, pattern);
        searchInfo.setText("line " + (i + 1) + " · " + total + " match" + (total == 1 ? "" : "es"));
    }

    private boolean atBottom() {
        if (shownLines.isEmpty()) return true;
        if (logList.lookup(".virtual-flow") instanceof VirtualFlow<?> vf) {
            var last = vf.getLastVisibleCell();
            return last != null && last.getIndex() >= shownLines.size() - 1;
        }
        return true;
    }
}
