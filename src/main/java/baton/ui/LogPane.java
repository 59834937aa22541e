package baton.ui;

import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.model.JobStatus;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.FilteredList;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The log pane ({@code fxml/log-pane.fxml}): the chosen attempt's log, paged from its file by a
 * {@link LogViewModel}, with search, a stderr filter, and following the tail while the job runs.
 * Going up by hand (wheel, scroll bar, keys) pauses following and shows "Jump to end"; lines can
 * show when they arrived, be copied (Ctrl+C), and the whole log saved as text.
 */
public final class LogPane {
    /** How often the tail of a running attempt's log is read. */
    private static final long TAIL_EVERY_NANOS = 250_000_000L;
    private static final DateTimeFormatter ARRIVAL = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    /** The width of an arrival time and its gap, kept blank for lines with none. */
    private static final int ARRIVAL_WIDTH = 14;
    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
    /** Lines kept above a found line when it is scrolled to. */
    private static final int CONTEXT_LINES = 3;

    private final LogViewModel log;
    @FXML TextField searchField;
    @FXML CheckBox regexBox, stderrOnly, followTail, timesBox;
    @FXML Button earlierButton, jumpToEnd, saveButton;
    @FXML Label searchInfo, logInfo, savedInfo;
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
                setText(timesBox.isSelected() ? arrival(item) + item.text() : item.text());
                if (item.isStderr()) getStyleClass().add("stderr");
                if (item.isBaton()) getStyleClass().add("baton-line");
                if (pattern != null && pattern.matcher(item.text()).find()) getStyleClass().add("match");
            }
        });
        stderrOnly.selectedProperty().addListener((o, a, b) -> shownLines.setPredicate(b ? LogLine::isStderr : null));
        log.lines().addListener((ListChangeListener<LogLine>) c -> {
            if (followTail.isSelected() && !shownLines.isEmpty()) logList.scrollTo(shownLines.size() - 1);
        });
        // going up the log by hand pauses following (the list handles the wheel itself: filters see it first)
        logList.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() > 0) followTail.setSelected(false);
        });
        logList.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            switch (e.getCode()) {
                case UP, PAGE_UP, HOME, KP_UP -> followTail.setSelected(false);
                case END -> onJumpToEnd();
                default -> {}
            }
        });
        logList.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            if (inScrollBar(e.getPickResult().getIntersectedNode())) followTail.setSelected(false);
        });
        followTail.selectedProperty().addListener((o, was, now) -> {
            if (now && !shownLines.isEmpty()) logList.scrollTo(shownLines.size() - 1);
        });
        jumpToEnd.visibleProperty().bind(followTail.selectedProperty().not().and(Bindings.isNotEmpty(shownLines)));
        jumpToEnd.managedProperty().bind(jumpToEnd.visibleProperty());
        timesBox.selectedProperty().addListener((o, was, now) -> logList.refresh());
        // lines are copied as text: select them (Shift, Ctrl) and press Ctrl+C, or use the menu
        logList.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        logList.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e)) {
                copySelection();
                e.consume();
            }
        });
        MenuItem copy = new MenuItem("Copy");
        copy.setOnAction(e -> copySelection());
        MenuItem save = new MenuItem("Save log…");
        save.setOnAction(e -> onSaveLog());
        logList.setContextMenu(new ContextMenu(copy, save));
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
            markFailed(b);
            if (b == null) log.show(null);
            else if (a == null || a.attempt() != b.attempt() || !a.jobId().equals(b.jobId())) log.show(Path.of(b.logPath()));
        });
        saveButton.disableProperty().bind(Bindings.createBooleanBinding(() -> attempt.getValue() == null, attempt));
    }

    /** stderr is told apart always, and shown as errors only in the log of an attempt that failed. */
    private void markFailed(AttemptRecord a) {
        boolean failed = a != null && (a.status() == JobStatus.FAILED || a.status() == JobStatus.TIMED_OUT);
        logList.getStyleClass().remove("failed-attempt");
        if (failed) logList.getStyleClass().add("failed-attempt");
    }

    private static String arrival(LogLine l) {
        return l.arrived() == null ? " ".repeat(ARRIVAL_WIDTH) : ARRIVAL.format(l.arrived()) + "  ";
    }

    private void copySelection() {
        List<LogLine> selected = List.copyOf(logList.getSelectionModel().getSelectedItems());
        if (selected.isEmpty()) return;
        ClipboardContent content = new ClipboardContent();
        content.putString(String.join("\n", selected.stream().map(LogLine::text).toList()) + "\n");
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** Back to the newest line, following again. */
    @FXML
    void onJumpToEnd() {
        followTail.setSelected(true);
        if (!shownLines.isEmpty()) logList.scrollTo(shownLines.size() - 1);
    }

    @FXML
    void onSaveLog() {
        AttemptRecord a = attempt == null ? null : attempt.getValue();
        if (a == null) return;
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the log of " + a.jobId() + " (attempt " + a.attempt() + ")");
        fc.setInitialFileName(a.jobId().replaceAll("[^A-Za-z0-9._-]", "_") + "-attempt-" + a.attempt() + ".log");
        File f = fc.showSaveDialog(logList.getScene().getWindow());
        if (f != null) save(f.toPath());
    }

    /** Writes the log shown to {@code target}; the pane says how it went. */
    CompletableFuture<Long> save(Path target) {
        savedInfo.setText("saving …");
        return log.saveAs(target).whenComplete((bytes, e) -> Platform.runLater(() ->
                savedInfo.setText(e == null ? "saved to " + target.getFileName() : "not saved: " + OffFxThread.causeOf(e).getMessage())));
    }

    /** Called every frame: reads what a running attempt wrote since, a few times a second. */
    void tick(long now) {
        if (attempt == null || now - lastTail < TAIL_EVERY_NANOS) return;
        lastTail = now;
        AttemptRecord a = attempt.getValue();
        JobRecord r = job.getValue();
        if (a != null && (a.endedAt() == null || r == null || !r.status().isTerminal())) log.refresh();
    }

    /** Brings the log to the person: focus on its lines, at the newest one. */
    void focusLog() {
        logList.requestFocus();
        onJumpToEnd();
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

    private static boolean inScrollBar(Node n) {
        for (; n != null; n = n.getParent()) if (n instanceof ScrollBar) return true;
        return false;
    }
}
