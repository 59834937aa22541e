package baton.ui;

import baton.engine.RunOptions;
import baton.engine.RunRefused;
import baton.format.LoadedPipeline;
import baton.model.AttemptRecord;
import baton.model.JobRecord;
import baton.engine.TrustCheck;
import baton.model.JobStatus;
import baton.model.RunRecord;
import baton.model.RunRequest;
import baton.ui.gantt.GanttChart;
import baton.ui.gantt.impl.GanttChartSkin;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.FilteredList;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Circle;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The main window's controller: wires the FXML view to {@link MainViewModel}; no logic of its own. */
public final class MainController {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final MainViewModel vm;
    private final LogViewModel log;
    private Stage stage;

    @FXML BorderPane root;
    @FXML Menu recentMenu;
    @FXML MenuItem runItem, cancelRunItem, cancelJobItem, retryItem, retryJobItem, resumeItem;
    @FXML CheckMenuItem darkItem;
    @FXML MenuItem saveAsPipelineItem;
    @FXML Button runButton, cancelButton, earlierButton, retryButton, resumeButton;
    @FXML Button approveButton, rejectButton, skipButton;
    @FXML HBox legend, approvalBox;
    @FXML Label approvalQuestion;
    @FXML ListView<RunSummaryRow> historyList;
    @FXML GanttChart gantt;
    @FXML Label jobTitle, jobState, jobExit, jobStarted, jobEnded, jobDuration, jobError, jobOutputs, jobMetrics, searchInfo, logInfo;
    @FXML ComboBox<AttemptRecord> attemptBox;
    @FXML TextField searchField;
    @FXML CheckBox regexBox, stderrOnly, followTail;
    @FXML ListView<LogLine> logList;
    @FXML ListView<String> problemList;
    @FXML Label countsLabel, messageLabel, runMetricsLabel;
    @FXML ProgressBar progress;

    /** Right-click on a job of the timeline: what can be asked of it. */
    private final MenuItem approveMenuItem = new MenuItem("Approve");
    private final MenuItem rejectMenuItem = new MenuItem("Reject…");
    private final MenuItem skipMenuItem = new MenuItem("Mark done (skip)…");
    private final MenuItem cancelJobMenuItem = new MenuItem("Cancel job");
    private FilteredList<LogLine> shownLines;
    private AnimationTimer frames;
    /** The longest time one frame spent applying engine events (for the benchmark). */
    public static volatile long maxDrainNanos;

    /** Stops the per-frame work; the window is going away. */
    public void dispose() {
        if (frames != null) frames.stop();
        gantt.setSkin(null);
    }
    private int searchIndex = -1;
    private long lastLogRefresh;

    public MainController(MainViewModel vm) {
        this.vm = vm;
        this.log = new LogViewModel(vm.background(), vm.fx());
    }

    void attach(Stage stage) {
        this.stage = stage;
        stage.titleProperty().bind(vm.titleProperty());
        stage.getScene().setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        stage.getScene().setOnDragDropped(e -> {
            Dragboard db = e.getDragboard();
            boolean ok = db.hasFiles();
            if (ok) dropped(db.getFiles().stream().map(File::toPath).toList());
            e.setDropCompleted(ok);
            e.consume();
        });
        stage.getScene().getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), searchField::requestFocus);
    }

    @FXML
    void initialize() {
        // only a script or a folder of scripts has an equivalent pipeline file to write
        saveAsPipelineItem.disableProperty().bind(vm.pipelineSourceProperty().isNull()
                .or(vm.pipelineSourceProperty().isEqualTo(MainViewModel.Source.FILE)));
        gantt.modelProperty().bind(vm.ganttProperty());
        gantt.selectedJobProperty().bindBidirectional(vm.selectedJobProperty());
        approveMenuItem.setOnAction(e -> onApprove());
        rejectMenuItem.setOnAction(e -> onReject());
        skipMenuItem.setOnAction(e -> onSkipJob());
        cancelJobMenuItem.setOnAction(e -> onCancelJob());
        ContextMenu jobMenu = new ContextMenu(approveMenuItem, rejectMenuItem, skipMenuItem, new SeparatorMenuItem(), cancelJobMenuItem);
        jobMenu.setId("job-menu");
        jobMenu.setOnShowing(e -> updateEnabled());
        gantt.setContextMenu(jobMenu);
        // a job waiting for a person: its phase's question, and the two answers
        approvalBox.visibleProperty().bind(vm.selectedQuestionProperty().isNotNull());
        approvalBox.managedProperty().bind(approvalBox.visibleProperty());
        approvalQuestion.textProperty().bind(vm.selectedQuestionProperty());
        vm.selectedJobStatusProperty().addListener((o, a, b) -> showState());        for (JobStatus s : new JobStatus[]{JobStatus.QUEUED, JobStatus.AWAITING_APPROVAL, JobStatus.RUNNING, JobStatus.RETRYING, JobStatus.SUCCEEDED, JobStatus.FAILED,
                JobStatus.TIMED_OUT, JobStatus.CANCELLED, JobStatus.SKIPPED, JobStatus.BLOCKED}) {
            Label l = new Label(s.wire().replace('_', ' '), new Circle(5, GanttChartSkin.colourOf(s)));
            l.getStyleClass().add("legend-item");
            legend.getChildren().add(l);
        }
        historyList.setItems(vm.history());
        historyList.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(RunSummaryRow item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.title() + "\n" + item.details());
                getStyleClass().removeAll("run-succeeded", "run-failed", "run-running", "run-cancelled", "run-interrupted");
                if (!empty && item != null) getStyleClass().add("run-" + item.run().status().wire());
            }
        });
        historyList.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && (vm.shownRunProperty().get() == null || !b.run().id().equals(vm.shownRunProperty().get().id()))) vm.openRun(b.run());
        });
        problemList.setItems(vm.problems());
        vm.problems().addListener((ListChangeListener<String>) c -> {
            boolean show = !vm.problems().isEmpty();
            problemList.setVisible(show);
            problemList.setManaged(show);
        });
        vm.countsProperty().addListener((o, a, b) -> showCounts(b));
        messageLabel.textProperty().bind(vm.messageProperty());
        vm.recentFiles().addListener((ListChangeListener<Path>) c -> rebuildRecent());
        // the job panel
        vm.selectedJobRecordProperty().addListener((o, a, b) -> showJob(b));
        vm.selectedAttempts().addListener((ListChangeListener<AttemptRecord>) c -> {
            AttemptRecord keep = attemptBox.getValue();
            // whoever looked at the latest attempt goes on to a new one as it starts (a retry of a live job)
            boolean followingLatest = keep == null || attemptBox.getItems().isEmpty() || keep.attempt() == attemptBox.getItems().getLast().attempt();
            attemptBox.getItems().setAll(vm.selectedAttempts());
            AttemptRecord pick = vm.selectedAttempts().isEmpty() ? null : vm.selectedAttempts().getLast();
            if (keep != null && !followingLatest) {
                for (AttemptRecord a : vm.selectedAttempts()) if (a.attempt() == keep.attempt()) pick = a;
            }
            attemptBox.setValue(pick);
        });
        attemptBox.setCellFactory(lv -> attemptCell());
        attemptBox.setButtonCell(attemptCell());
        attemptBox.valueProperty().addListener((o, a, b) -> {
            if (b == null) log.show(null);
            else if (a == null || a.attempt() != b.attempt() || !a.jobId().equals(b.jobId())) log.show(Path.of(b.logPath()));
            showAttempt(b);
            showMetrics();
        });
        // metrics change while jobs run: the selected attempt's, its job's total, the run's total
        vm.metricsVersionProperty().addListener((o, a, b) -> showMetrics());
        vm.selectedJobProperty().addListener((o, a, b) -> showMetrics());
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
                Pattern p = searchPattern();
                if (p != null && p.matcher(item.text()).find()) getStyleClass().add("match");
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
        searchField.textProperty().addListener((o, a, b) -> {
            searchIndex = -1;
            logList.refresh();
        });
        searchField.setOnAction(e -> onSearchNext());
        regexBox.selectedProperty().addListener((o, a, b) -> logList.refresh());
        // buttons enabled only when their action is allowed
        Runnable enable = this::updateEnabled;
        vm.pipelineProperty().addListener((o, a, b) -> enable.run());
        vm.shownRunLiveProperty().addListener((o, a, b) -> enable.run());
        vm.selectedJobProperty().addListener((o, a, b) -> enable.run());
        vm.selectedJobRecordProperty().addListener((o, a, b) -> enable.run());
        vm.shownRunProperty().addListener((o, a, b) -> enable.run());
        vm.countsProperty().addListener((o, a, b) -> enable.run());
        vm.selectedJobStatusProperty().addListener((o, a, b) -> enable.run());
        vm.requestPendingProperty().addListener((o, a, b) -> enable.run());
        updateEnabled();
        // engine events reach the view once per frame
        frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t0 = System.nanoTime();
                vm.drainEvents();
                long spent = System.nanoTime() - t0;
                if (spent > maxDrainNanos) maxDrainNanos = spent;
                if (now - lastLogRefresh > 250_000_000L) {
                    lastLogRefresh = now;
                    JobRecord r = vm.selectedJobRecordProperty().get();
                    AttemptRecord a = attemptBox.getValue();
                    if (a != null && (a.endedAt() == null || r == null || !r.status().isTerminal())) log.refresh();
                }
            }
        };
        frames.start();
        vm.refreshHistory();
    }

    private ListCell<AttemptRecord> attemptCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(AttemptRecord a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : "#" + a.attempt() + " " + a.status().wire());
            }
        };
    }

    private boolean atBottom() {
        if (shownLines.isEmpty()) return true;
        var flow = logList.lookup(".virtual-flow");
        if (flow instanceof javafx.scene.control.skin.VirtualFlow<?> vf) {
            var last = vf.getLastVisibleCell();
            return last != null && last.getIndex() >= shownLines.size() - 1;
        }
        return true;
    }

    private void updateEnabled() {
        boolean canRun = vm.pipelineProperty().get() != null;
        runButton.setDisable(!canRun);
        runItem.setDisable(!canRun);
        boolean canCancel = vm.canCancelShownRun();
        cancelButton.setDisable(!canCancel);
        cancelRunItem.setDisable(!canCancel);
        JobStatus st = vm.selectedJobStatusProperty().get();
        boolean canCancelJob = canCancel && st != null && !st.isTerminal();
        cancelJobItem.setDisable(!canCancelJob);
        cancelJobMenuItem.setDisable(!canCancelJob);
        boolean canAnswer = vm.canApproveSelected();
        approveButton.setDisable(!canAnswer);
        rejectButton.setDisable(!canAnswer);
        approveMenuItem.setDisable(!canAnswer);
        rejectMenuItem.setDisable(!canAnswer);
        boolean canSkip = vm.canSkipSelected();
        skipMenuItem.setDisable(!canSkip);
        // shown for a job that has not started, in a run that takes requests (disabled while one is on its way)
        boolean notStarted = st == JobStatus.PENDING || st == JobStatus.WAITING || st == JobStatus.QUEUED || st == JobStatus.AWAITING_APPROVAL;
        skipButton.setVisible(notStarted && vm.canRequest());
        skipButton.setManaged(skipButton.isVisible());
        skipButton.setDisable(!canSkip);
        retryButton.setDisable(!vm.canRetry());
        retryItem.setDisable(!vm.canRetry());
        retryJobItem.setDisable(!vm.canRetryJob());
        resumeButton.setDisable(!vm.canResume());
        resumeItem.setDisable(!vm.canResume());
    }

    private void showCounts(Map<JobStatus, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        int total = 0, ended = 0;
        for (JobStatus s : JobStatus.values()) {
            Integer n = counts.get(s);
            if (n == null) continue;
            total += n;
            if (s.isTerminal()) ended += n;
            if (!sb.isEmpty()) sb.append("  ·  ");
            sb.append(n).append(' ').append(s.wire().replace('_', ' '));
        }
        countsLabel.setText(sb.toString());
        progress.setProgress(total == 0 ? 0 : (double) ended / total);
    }

    private void showJob(JobRecord j) {
        updateEnabled();
        if (j == null) {
            jobTitle.setText(vm.selectedJobProperty().get() == null ? "Select a job on the timeline" : vm.selectedJobProperty().get());
            for (Label l : List.of(jobState, jobExit, jobStarted, jobEnded, jobDuration, jobError, jobOutputs, jobMetrics)) l.setText("");
            return;
        }
        jobTitle.setText(j.id() + (j.item() != null ? "   item: " + j.item() : "") + "   (phase " + j.phaseId() + ")");
        showState();
        jobError.setText(j.error() == null ? "" : j.error());
        jobOutputs.setText(j.outputs().isEmpty() ? "—" : String.join("   ", j.outputs().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }

    /** The selected job's state: as the timeline has it (it moves before the store is read again). */
    private void showState() {
        JobRecord j = vm.selectedJobRecordProperty().get();
        JobStatus s = vm.selectedJobStatusProperty().get();
        if (j == null) return;
        jobState.setText((s != null ? s : j.status()).wire().replace('_', ' '));
    }

    private void showMetrics() {
        RunMetrics m = vm.metrics();
        runMetricsLabel.setText(m.runText());
        String job = vm.selectedJobProperty().get();
        AttemptRecord a = attemptBox.getValue();
        jobMetrics.setText(job == null || a == null || !a.jobId().equals(job) ? "" : m.jobText(job, a.attempt()));
    }

    private void showAttempt(AttemptRecord a) {
        if (a == null) {
            jobExit.setText("");
            jobStarted.setText("");
            jobEnded.setText("");
            jobDuration.setText("");
            return;
        }
        jobExit.setText(a.exitCode() == null ? "—" : a.exitCode().toString());
        jobStarted.setText(a.startedAt() == null ? "—" : TIME.format(a.startedAt()));
        jobEnded.setText(a.endedAt() == null ? "running" : TIME.format(a.endedAt()));
        Instant end = a.endedAt() != null ? a.endedAt() : Instant.now();
        jobDuration.setText(a.startedAt() == null ? "—" : Duration.between(a.startedAt(), end).toMillis() + " ms");
        if (a.error() != null) jobError.setText(a.error());
    }

    private void rebuildRecent() {
        recentMenu.getItems().clear();
        for (Path p : vm.recentFiles()) {
            MenuItem item = new MenuItem(p.toString());
            item.setOnAction(e -> vm.open(p, () -> {}));
            recentMenu.getItems().add(item);
        }
    }

    // --- actions ---

    void dropped(List<Path> files) {
        LoadedPipeline open = vm.pipelineProperty().get();
        if (files.size() == 1 && Files.isDirectory(files.getFirst())) {
            // a folder: its numbered scripts in run-parts order, or the pipeline file it holds
            vm.open(files.getFirst(), () -> {});
            return;
        }
        if (open != null && !open.definition().input().isEmpty() && files.stream().noneMatch(MainController::looksLikePipeline)
                && files.stream().noneMatch(Files::isDirectory)) {
            runInputs(open, files);
            return;
        }
        if (files.size() != 1) {
            vm.messageProperty().set("Drop one pipeline file at a time (" + files.size() + " were dropped)");
            return;
        }
        Path f = files.getFirst();
        String reason = notAPipeline(f);
        if (reason != null) {
            vm.messageProperty().set(f.getFileName() + ": " + reason);
            return;
        }
        vm.open(f, () -> {});
    }

    /** A quick look before loading: folders, big files and binaries are refused with a reason. */
    static String notAPipeline(Path f) {
        try {
            long size = Files.size(f);
            if (size > baton.format.PipelineLoader.MAX_FILE_BYTES) return "is too big to be a pipeline (" + (size >> 20) + " MB)";
            byte[] head = new byte[(int) Math.min(size, 4096)];
            try (var in = Files.newInputStream(f)) {
                int n = in.readNBytes(head, 0, head.length);
                for (int i = 0; i < n; i++) if (head[i] == 0) return "is a binary file, not a pipeline";
            }
            return null;
        } catch (Exception e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
    }

    private static boolean looksLikePipeline(Path f) {
        String n = f.getFileName().toString().toLowerCase();
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json") || n.equals("cascade.md") || n.equals("roadmap.md");
    }

    private void runInputs(LoadedPipeline p, List<Path> files) {
        whenTrusted(p, () -> startOnePerInput(p, files));
    }

    private void startOnePerInput(LoadedPipeline p, List<Path> files) {
        int started = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) continue;
            vm.start(p, new RunOptions(Map.of(), java.util.Set.of(), java.util.Set.of(), f.toString(), null, false, System.getProperty("user.name")))
                    .whenComplete((id, e) -> {
                        if (e != null) vm.fx().execute(() -> showError("The run did not start", e.getMessage()));
                    });
            started++;
        }
        vm.messageProperty().set("Starting " + started + " run(s), one per dropped file");
    }

    @FXML
    void onOpen() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a pipeline");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Pipelines", "*.yaml", "*.yml", "*.json", "*.md"),
                new FileChooser.ExtensionFilter("Scripts", "*.sh", "*.bash", "*.py", "*.js", "*.rb", "*.pl"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File f = fc.showOpenDialog(stage);
        if (f != null) vm.open(f.toPath(), () -> {});
    }

    @FXML
    void onOpenFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a folder of scripts (or the pipeline file in it)");
        File d = dc.showDialog(stage);
        if (d != null) vm.open(d.toPath(), () -> {});
    }

    /** Writes the open script or folder as the equivalent pipeline YAML, then offers to open that file. */
    @FXML
    void onSaveAsPipeline() {
        LoadedPipeline p = vm.pipelineProperty().get();
        if (p == null) return;
        FileChooser fc = new FileChooser();
        fc.setTitle("Save as pipeline");
        fc.setInitialDirectory(vm.pipelineFolder(p).toFile());
        fc.setInitialFileName(MainViewModel.pipelineFileName(p));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Pipelines", "*.yaml", "*.yml"));
        File f = fc.showSaveDialog(stage);
        if (f != null) saveAsPipeline(p, f.toPath());
    }

    void saveAsPipeline(LoadedPipeline p, Path target) {
        vm.messageProperty().set("Writing " + target + " …");
        vm.saveAsPipeline(p, target).whenComplete((written, e) -> vm.fx().execute(() -> {
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                showError("The pipeline was not written", cause.getMessage());
                return;
            }
            vm.messageProperty().set("Wrote " + written);
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", OPEN_IT, ButtonType.CLOSE);
            a.initOwner(stage);
            a.setTitle("Save as pipeline");
            a.setHeaderText("Wrote " + written + ".\nOpen it now? (runs of it are trusted apart from the script)");
            if (a.showAndWait().orElse(ButtonType.CLOSE) == OPEN_IT) vm.open(written, () -> {});
        }));
    }

    private static final ButtonType OPEN_IT = new ButtonType("Open it", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);

    @FXML
    void onQuit() {
        if (stage != null && WindowCloser.confirmClose(vm, stage)) Platform.exit();
    }

    @FXML
    void onRun() {
        LoadedPipeline p = vm.pipelineProperty().get();
        if (p != null) whenTrusted(p, () -> askAndRun(p));
    }

    private void askAndRun(LoadedPipeline p) {
        Optional<RunOptions> options = new RunDialog(p, () -> vm.engine().roadmapGroupsDone(p)).showAndWait();
        if (options.isEmpty()) return;
        vm.start(options.get()).whenComplete((id, e) -> vm.fx().execute(() -> {
            if (e != null) showError("The run did not start", e.getMessage());
            else gantt.fit();
            updateEnabled();
        }));
    }

    /**
     * Runs {@code then} on the FX thread once the file is trusted as it is now: at once when its
     * path, content and scripts are what was trusted, after the trust dialog otherwise.
     */
    private void whenTrusted(LoadedPipeline p, Runnable then) {
        vm.checkTrust(p).thenCombine(vm.scriptPreview(p), Map::entry).whenComplete((both, e) -> vm.fx().execute(() -> {
            TrustCheck check = both == null ? null : both.getKey();
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                showError("Cannot check what the pipeline runs", cause.getMessage());
                return;
            }
            if (!check.trusted()) {
                if (!TrustDialog.ask(p, check, both.getValue().orElse(null), stage)) {
                    vm.messageProperty().set("Not run: " + Path.of(p.sourcePath()).getFileName() + " is not trusted");
                    return;
                }
                vm.trust(check);
            }
            then.run();
        }));
    }

    @FXML
    void onRetry() {
        retry(null);
    }

    @FXML
    void onRetryJob() {
        retry(vm.selectedJobProperty().get());
    }

    /** Shows which jobs will run again (attempt numbers go on), then retries in place. */
    private void retry(String jobId) {
        try {
            List<String> plan = vm.retryPlan(jobId);
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", RETRY, ButtonType.CANCEL);
            a.initOwner(stage);
            a.setTitle("Retry");
            a.setHeaderText("These " + plan.size() + " job(s) will run again, in the same run:");
            javafx.scene.control.TextArea list = new javafx.scene.control.TextArea(String.join("\n", plan));
            list.setEditable(false);
            list.setPrefRowCount(Math.min(12, plan.size() + 1));
            list.setId("retry-plan");
            a.getDialogPane().setContent(list);
            if (a.showAndWait().orElse(ButtonType.CANCEL) != RETRY) return;
            vm.retry(jobId);
        } catch (RunRefused e) {
            showError("Nothing was retried", e.getMessage());
        }
        updateEnabled();
    }

    static final ButtonType RETRY = new ButtonType("Retry", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);

    @FXML
    void onResume() {
        try {
            vm.resume();
        } catch (RunRefused e) {
            showError("The run was not resumed", e.getMessage());
        }
        updateEnabled();
    }

    @FXML
    void onAllLive() {
        vm.showAllLive();
        gantt.fit();
    }

    @FXML
    void onCancelRun() {
        vm.cancelShownRun();
    }

    @FXML
    void onCancelJob() {
        vm.cancelSelectedJob();
    }

    @FXML
    void onApprove() {
        String job = vm.selectedJobProperty().get();
        if (job != null && vm.canApproveSelected()) send(job, RunRequest.Kind.APPROVE, "Nothing was approved");
    }

    static final ButtonType REJECT = new ButtonType("Reject", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
    static final ButtonType MARK_DONE = new ButtonType("Mark done", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);

    @FXML
    void onReject() {
        String job = vm.selectedJobProperty().get();
        if (job == null || !vm.canApproveSelected()) return;
        if (!confirm("Reject", "Reject " + job + "?", "It fails and what needs it is blocked.", REJECT)) return;
        send(job, RunRequest.Kind.REJECT, "Nothing was rejected");
    }

    @FXML
    void onSkipJob() {
        String job = vm.selectedJobProperty().get();
        if (job == null || !vm.canSkipSelected()) return;
        if (!confirm("Mark done", "Mark " + job + " done without running it?",
                "It is skipped, and what needs it goes on as if it had succeeded (without any outputs it would have made).", MARK_DONE)) return;
        send(job, RunRequest.Kind.SKIP, "Nothing was marked done");
    }

    /** Asks before an answer that cannot be taken back; Cancel is the default button, so Enter changes nothing. */
    private boolean confirm(String title, String header, String text, ButtonType yes) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, yes, ButtonType.CANCEL);
        a.initOwner(stage);
        a.setTitle(title);
        a.setHeaderText(header);
        ((Button) a.getDialogPane().lookupButton(yes)).setDefaultButton(false);
        ((Button) a.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return a.showAndWait().orElse(ButtonType.CANCEL) == yes;
    }

    /** Off the FX thread through the view model; the panel follows the moves that come of it. */
    private void send(String job, RunRequest.Kind kind, String refused) {
        vm.request(job, kind).whenComplete((answer, e) -> vm.fx().execute(() -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RunRefused) showError(refused, cause.getMessage());
            updateEnabled();
        }));
    }

    @FXML
    void onZoomIn() {
        gantt.zoom(1.5);
    }

    @FXML
    void onZoomOut() {
        gantt.zoom(1 / 1.5);
    }

    @FXML
    void onFit() {
        gantt.fit();
    }

    @FXML
    void onDark() {
        if (darkItem.isSelected()) root.getScene().getRoot().getStyleClass().add("dark");
        else root.getScene().getRoot().getStyleClass().remove("dark");
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

    private Pattern searchPattern() {
        String q = searchField.getText();
        if (q == null || q.isEmpty()) return null;
        try {
            return regexBox.isSelected() ? Pattern.compile(q) : Pattern.compile(Pattern.quote(q), Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    private void search(int direction) {
        Pattern p = searchPattern();
        if (p == null) {
            searchInfo.setText(searchField.getText().isEmpty() ? "" : "not a valid regex");
            return;
        }
        int n = shownLines.size();
        for (int step = 1; step <= n; step++) {
            int i = Math.floorMod(searchIndex + direction * step, Math.max(1, n));
            if (p.matcher(shownLines.get(i).text()).find()) {
                searchIndex = i;
                followTail.setSelected(false);
                logList.getSelectionModel().select(i);
                logList.scrollTo(Math.max(0, i - 3));
                long total = shownLines.stream().filter(l -> p.matcher(l.text()).find()).count();
                searchInfo.setText("line " + (i + 1) + " · " + total + " match" + (total == 1 ? "" : "es"));
                return;
            }
        }
        searchInfo.setText("no match");
    }

    private void showError(String header, String text) {
        Alert a = new Alert(Alert.AlertType.ERROR, text, ButtonType.OK);
        a.initOwner(stage);
        a.setHeaderText(header);
        a.showAndWait();
    }
}
