package baton.ui;

import baton.engine.DataDirs;
import baton.client.ServiceConnector;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.controlsfx.control.Notifications;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The desktop window. Started by {@code baton} with no verb; tests start it on their own stage. */
public final class BatonApp extends Application {
    private static final System.Logger LOG = System.getLogger("baton.ui");
    private static final Path NOTIFY_SEND = Path.of("/usr/bin/notify-send");
    private static volatile String initialFile;
    private static volatile Path dataDir;

    private RemoteEngineCalls engine;
    private ExecutorService background;
    private MainViewModel vm;
    private MainController controller;
    private SingleInstance handoff;

    /** Opens the window and blocks until it closes; returns the exit code. */
    public static int launchWindow(String file, Path data) {
        initialFile = file;
        dataDir = data;
        if (SingleInstance.handOff(data, file)) {
            System.err.println("baton: handed " + (file == null ? "over" : file) + " to the Baton window already open on " + data);
            return 0;
        }
        try {
            Application.launch(BatonApp.class);
            return 0;
        } catch (RuntimeException | Error e) {
            String m = String.valueOf(e.getMessage());
            System.err.println("baton: cannot open the window: "
                    + (m.contains("DISPLAY") || m.contains("display") ? "no display (set DISPLAY, or use a verb such as 'baton run FILE')" : m));
            return 2;
        }
    }

    @Override
    public void start(Stage stage) throws IOException {
        Path data = dataDir != null ? dataDir : DataDirs.resolve(null, System.getenv());
        baton.engine.LogFile.useDataDir(data);
        // the runs belong to the data directory's background service: the window is one of its
        // clients, connected (the service started when none runs) by its first call, off the FX thread
        engine = new RemoteEngineCalls(() -> ServiceConnector.connect(data, System.getenv()));
        background = Executors.newVirtualThreadPerTaskExecutor();
        vm = new MainViewModel(engine, background, Platform::runLater);
        controller = show(stage, vm);
        vm.showEngineNotes();
        vm.followServiceRuns();
        handoff = SingleInstance.listen(data, file -> Platform.runLater(() -> {
            if (!file.isEmpty()) vm.open(Path.of(file), () -> {});
            stage.setIconified(false);
            stage.toFront();
        }));
        String selfTest = System.getenv("BATON_SELFTEST_SCREENSHOT");
        Runnable afterOpen = selfTest != null ? () -> selfTestShot(stage, Path.of(selfTest))
                : Boolean.getBoolean(TRAINING) ? BatonApp::endTraining : () -> {};
        if (initialFile != null) vm.open(Path.of(initialFile), afterOpen);
        else if (selfTest != null) afterOpen.run();
    }

    /**
     * Set by the ahead-of-time cache's training run: the window closes itself once it has shown
     * its file and painted a while, so that the cache holds what a window's start loads.
     */
    public static final String TRAINING = "baton.aotTraining";

    private static void endTraining() {
        javafx.animation.PauseTransition paint = new javafx.animation.PauseTransition(javafx.util.Duration.millis(1500));
        paint.setOnFinished(e -> Platform.exit());
        paint.play();
    }

    /**
     * For the package test: once the window shows its file, write a picture of it, say how long
     * the start took, and quit.
     */
    private static void selfTestShot(Stage stage, Path png) {
        javafx.animation.PauseTransition wait = new javafx.animation.PauseTransition(javafx.util.Duration.millis(800));
        wait.setOnFinished(e -> {
            long sinceStart = java.time.Duration.between(ProcessHandle.current().info().startInstant().orElse(java.time.Instant.now()),
                    java.time.Instant.now()).toMillis();
            var img = stage.getScene().snapshot(null);
            int w = (int) img.getWidth(), h = (int) img.getHeight();
            int[] argb = new int[w * h];
            img.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, w);
            java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_ARGB);
            out.setRGB(0, 0, w, h, argb, 0, w);
            try {
                javax.imageio.ImageIO.write(out, "png", png.toFile());
            } catch (IOException ex) {
                System.err.println("baton: cannot write " + png + ": " + ex.getMessage());
            }
            System.out.println("baton: window showing '" + stage.getTitle() + "'; picture in " + png + " (" + sinceStart
                    + " ms after the process started, 800 ms of it waiting to take the picture)");
            System.out.flush();
            Runtime.getRuntime().halt(0);
        });
        wait.play();
    }

    /** Builds the window on {@code stage} around {@code vm}; returns its controller. */
    public static MainController show(Stage stage, MainViewModel vm) throws IOException {
        FXMLLoader loader = new FXMLLoader(BatonApp.class.getResource("/fxml/main.fxml"));
        DialogService dialogs = new DialogService(stage);
        MainController controller = new MainController(vm, dialogs);
        loader.setControllerFactory(controller::controllerFor);
        Parent root = loader.load();
        Scene scene = new Scene(root, 1280, 800);
        scene.getStylesheets().add(BatonApp.class.getResource("/fxml/baton.css").toExternalForm());
        stage.setScene(scene);
        for (String size : new String[]{"16", "32", "48", "64", "128", "256"}) {
            try (InputStream in = BatonApp.class.getResourceAsStream("/icons/baton-" + size + ".png")) {
                if (in != null) stage.getIcons().add(new Image(in));
            }
        }
        controller.attach(stage);
        vm.onNotify(text -> notifyDesktop(stage, text));
        stage.setOnCloseRequest(e -> {
            if (!WindowCloser.confirmClose(vm, dialogs)) e.consume();
        });
        stage.show();
        return controller;
    }

    private static void notifyDesktop(Stage stage, String text) {
        try {
            Notifications.create().owner(stage).title("Baton").text(text).hideAfter(javafx.util.Duration.seconds(6)).showInformation();
        } catch (RuntimeException e) {
            // no room for an in-app notification (window minimised): the status bar has it
            LOG.log(System.Logger.Level.DEBUG, "no in-app notification: " + e.getMessage());
        }
        if (!stage.isFocused() && Files.isExecutable(NOTIFY_SEND)) {
            try {
                new ProcessBuilder(NOTIFY_SEND.toString(), "Baton", text).start();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "no desktop notification: " + e.getMessage());
            }
        }
    }

    @Override
    public void stop() {
        if (controller != null) controller.dispose();
        if (handoff != null) handoff.close();
        // the runs go on in the service (the person chose so when closing); the connection ends
        if (engine != null) engine.close();
        if (background != null) background.shutdownNow();
    }
}
