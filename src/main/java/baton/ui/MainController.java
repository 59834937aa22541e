package baton.ui;

import baton.format.LoadedPipeline;
import baton.model.JobStatus;
import baton.model.RunRecord;
import baton.ui.gantt.GanttChart;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The main window's controller ({@code fxml/main.fxml}): binds the view to {@link MainViewModel}
 * and hands each action to the view model, the dialogs or a pane; the job panel, the log pane and
 * dropped files have classes of their own.
 */
public final class MainController {
    private static final double ZOOM_STEP = 1.5;
    /** The longest time one frame spent applying engine events (for the benchmark). */
    public static volatile long maxDrainNanos;

    private final MainViewModel vm;
    private final DialogService dialogs;
    private final TrustGate trust;
    private final JobRequests requests;
    private final DropHandler drops;
    private final LogPane logPane;
    private final JobDetailsPane jobDetails;
    private final Theme theme = new Theme();
    private Stage stage;
    private AnimationTimer frames;

    @FXML BorderPane root;
    @FXML Menu recentMenu;
    @FXML MenuItem runItem, cancelRunItem, cancelJobItem, retryItem, retryJobItem, resumeItem, saveAsPipelineItem;
    @FXML CheckMenuItem darkItem;
    @FXML Button runButton, cancelButton, retryButton, resumeButton;
    @FXML ToggleButton followButton;
    @FXML FlowPane filterBar;
    @FXML TableView<RunSummaryRow> historyTable;
    @FXML TextField historyFilter;
    @FXML Label runHeader;
    @FXML GanttChart gantt;
    @FXML ListView<String> problemList;
    @FXML Label countsLabel, messageLabel, runMetricsLabel, slotsLabel;
    @FXML ProgressBar progress;

    public MainController(MainViewModel vm, DialogService dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.trust = new TrustGate(vm, dialogs);
        this.requests = new JobRequests(vm, dialogs);
        this.drops = new DropHandler(vm, trust, dialogs);
        this.logPane = new LogPane(new LogViewModel(vm.calls().background(), vm.calls().fx()));
        this.jobDetails = new JobDetailsPane(vm, requests);
    }

    /** The controller FXML asks for: this one for the window, the panes' for the files it includes. */
    Object controllerFor(Class<?> type) {
        if (type == LogPane.class) return logPane;
        if (type == JobDetailsPane.class) return jobDetails;
        if (type == MainController.class) return this;
        throw new IllegalArgumentException("no controller of type " + type.getName() + " in the main window");
    }

    /** Stops the per-frame work; the window is going away. */
    public void dispose() {
        if (frames != null) frames.stop();
        theme.dispose();
        gantt.setSkin(null);
    }

    void attach(Stage stage) {
        this.stage = stage;
        stage.titleProperty().bind(vm.titleProperty());
        drops.attach(stage.getScene());
        stage.getScene().getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), logPane::focusSearch);
    }

    @FXML
    void initialize() {
        // only a script or a folder of scripts has an equivalent pipeline file to write
        saveAsPipelineItem.disableProperty().bind(vm.pipelineSourceProperty().isNull()
                .or(vm.pipelineSourceProperty().isEqualTo(MainViewModel.Source.FILE)));
        gantt.modelProperty().bind(vm.timeline().ganttProperty());
        gantt.selectedJobProperty().bindBidirectional(vm.selectedJobProperty());
        gantt.selectedAttemptProperty().bindBidirectional(vm.selectedJob().pickedAttemptProperty());
        gantt.setContextMenu(new JobMenu(vm, requests, this::onRetryJob, this::onCancelJob, logPane::focusLog).build());
        new GanttFilterBar(gantt).build(filterBar, vm.timeline().countsProperty());
        // the Follow button shows whether the view goes with the run; pressing it follows again
        gantt.followingProperty().addListener((o, was, now) -> followButton.setSelected(now));
        followButton.setSelected(gantt.isFollowing());
        HistoryTable.build(historyTable, historyFilter, vm.history());
        historyTable.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            RunRecord shown = vm.shownRunProperty().get();
            if (b != null && (shown == null || !b.run().id().equals(shown.id()))) vm.timeline().openRun(b.run());
        });
        // the run shown: who, what input, which parameters and phases; read-only unless live
        runHeader.textProperty().bind(Bindings.createStringBinding(() -> RunHeader.describe(vm.shownRunProperty().get(),
                vm.timeline().shownRunLiveProperty().get()), vm.shownRunProperty(), vm.timeline().shownRunLiveProperty()));
        runHeader.visibleProperty().bind(vm.shownRunProperty().isNotNull());
        runHeader.managedProperty().bind(runHeader.visibleProperty());
        problemList.setItems(vm.problems());
        problemList.visibleProperty().bind(Bindings.isNotEmpty(vm.problems()));
        problemList.managedProperty().bind(problemList.visibleProperty());
        vm.timeline().countsProperty().addListener((o, a, b) -> showCounts(b));
        vm.timeline().metricsVersionProperty().addListener((o, was, now) -> runMetricsLabel.setText(vm.timeline().metrics().runText()));
        messageLabel.textProperty().bind(vm.messageProperty());
        slotsLabel.textProperty().bind(vm.slotsProperty());
        vm.recentFiles().addListener((ListChangeListener<Path>) c -> rebuildRecent());
        logPane.follow(jobDetails.attemptProperty(), vm.selectedJobRecordProperty());
        // buttons enabled only when their action is allowed
        RunActionsViewModel actions = vm.actions();
        disableUnless(vm.pipelineProperty().isNotNull(), runButton, runItem);
        disableUnless(actions.canCancelRunProperty(), cancelButton, cancelRunItem);
        disableUnless(actions.canCancelJobProperty(), cancelJobItem);
        disableUnless(actions.canRetryProperty(), retryButton, retryItem);
        disableUnless(actions.canRetryJobProperty(), retryJobItem);
        disableUnless(actions.canResumeProperty(), resumeButton, resumeItem);
        // engine events reach the view once per frame
        frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t0 = System.nanoTime();
                vm.drainEvents();
                long spent = System.nanoTime() - t0;
                if (spent > maxDrainNanos) maxDrainNanos = spent;
                logPane.tick(now);
                jobDetails.tick();
            }
        };
        frames.start();
        vm.history().refresh();
    }

    private static void disableUnless(ObservableBooleanValue allowed, Object... controls) {
        for (Object c : controls) {
            switch (c) {
                case Button b -> b.disableProperty().bind(Bindings.not(allowed));
                case MenuItem m -> m.disableProperty().bind(Bindings.not(allowed));
                default -> throw new IllegalArgumentException("cannot disable " + c);
            }
        }
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

    private void rebuildRecent() {
        recentMenu.getItems().clear();
        for (Path p : vm.recentFiles()) {
            MenuItem item = new MenuItem(p.toString());
            item.setOnAction(e -> vm.open(p, () -> {}));
            recentMenu.getItems().add(item);
        }
    }

    /** For {@code exceptionally}: a refused action shows why in a dialog. */
    private Function<Throwable, Void> refused(String header) {
        return e -> {
            dialogs.error(header, OffFxThread.causeOf(e).getMessage());
            return null;
        };
    }

    // --- actions ---

    @FXML
    void onOpen() {
        dialogs.choosePipeline().ifPresent(f -> vm.open(f, () -> {}));
    }

    @FXML
    void onOpenFolder() {
        dialogs.chooseFolder().ifPresent(d -> vm.open(d, () -> {}));
    }

    /** Writes the open script or folder as the equivalent pipeline YAML, then offers to open that file. */
    @FXML
    void onSaveAsPipeline() {
        LoadedPipeline p = vm.pipelineProperty().get();
        if (p != null) dialogs.chooseWhereToSave(vm.pipelineFolder(p), MainViewModel.pipelineFileName(p)).ifPresent(f -> saveAsPipeline(p, f));
    }

    void saveAsPipeline(LoadedPipeline p, Path target) {
        vm.say("Writing " + target + " …");
        vm.saveAsPipeline(p, target).thenAccept(written -> {
            vm.say("Wrote " + written);
            if (dialogs.offerToOpen(written)) vm.open(written, () -> {});
        }).exceptionally(refused("The pipeline was not written"));
    }

    @FXML
    void onQuit() {
        if (stage != null && WindowCloser.confirmClose(vm, dialogs)) Platform.exit();
    }

    @FXML
    void onRun() {
        LoadedPipeline p = vm.pipelineProperty().get();
        if (p != null) trust.whenTrusted(p, () -> askAndRun(p));
    }

    private void askAndRun(LoadedPipeline p) {
        vm.groupsDone(p).thenAccept(done -> dialogs.runOptions(p, done).ifPresent(options ->
                vm.start(options).thenRun(() -> {}).exceptionally(refused("The run did not start"))));
    }

    @FXML
    void onRetry() {
        retry(null);
    }

    @FXML
    void onRetryJob() {
        retry(vm.selectedJobProperty().get());
    }

    /** Shows which jobs will run again and why (attempt numbers go on), then retries those ticked, in place. */
    private void retry(String jobId) {
        RunActionsViewModel actions = vm.actions();
        actions.retryPreview(jobId, null).thenAccept(preview ->
                dialogs.confirmRetry(preview, chosen -> actions.retryPreview(jobId, chosen)).ifPresent(chosen ->
                        actions.retryJobs(chosen).exceptionally(refused("Nothing was retried")))).exceptionally(refused("Nothing was retried"));
    }

    @FXML
    void onResume() {
        vm.actions().resume().exceptionally(refused("The run was not resumed"));
    }

    @FXML
    void onAllLive() {
        vm.timeline().showAllLive().exceptionally(refused("Cannot show the live runs"));
    }

    @FXML
    void onCancelRun() {
        vm.actions().cancelShownRun();
    }

    @FXML
    void onCancelJob() {
        vm.actions().cancelSelectedJob();
    }

    @FXML
    void onZoomIn() {
        gantt.zoom(ZOOM_STEP);
    }

    @FXML
    void onZoomOut() {
        gantt.zoom(1 / ZOOM_STEP);
    }

    @FXML
    void onFit() {
        gantt.fit();
    }

    @FXML
    void onFollowAgain() {
        gantt.follow();
    }

    @FXML
    void onFollow() {
        if (followButton.isSelected()) gantt.follow();
        else gantt.stopFollowing();
    }

    /** A theme is one stylesheet over the light one, on every window: the Gantt's palette and the dialogs come with it. */
    @FXML
    void onDark() {
        theme.dark(darkItem.isSelected());
    }
}
