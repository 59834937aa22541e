package baton.ui;

import baton.format.LoadException;
import baton.format.LoadedPipeline;
import baton.format.PipelineLoader;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

import java.nio.file.Path;

/**
 * A placeholder window until the real one lands (issue "desktop window"): shows the file given
 * on the command line, its phases or its located errors.
 */
public final class BatonWindow extends Application {
    private static volatile String initialFile;

    public static int launchWindow(String file) {
        initialFile = file;
        try {
            Application.launch(BatonWindow.class);
            return 0;
        } catch (RuntimeException | Error e) {
            String m = String.valueOf(e.getMessage());
            System.err.println("baton: cannot open the window: " + (m.contains("DISPLAY") ? "no display (set DISPLAY, or use a verb such as 'baton run FILE')" : m));
            return 2;
        }
    }

    @Override
    public void start(Stage stage) {
        BorderPane root = new BorderPane();
        root.setPadding(new Insets(16));
        Label heading = new Label("Baton — open a pipeline file to begin");
        heading.setId("heading");
        ListView<String> list = new ListView<>();
        list.setId("phases");
        if (initialFile != null) {
            try {
                LoadedPipeline p = PipelineLoader.load(Path.of(initialFile));
                heading.setText(p.definition().displayName() + " (" + initialFile + ")");
                p.definition().phases().forEach(ph -> list.getItems().add(ph.displayName() + (ph.optional() ? "  [optional]" : "")));
            } catch (LoadException e) {
                heading.setText("Cannot open " + initialFile);
                e.problems().forEach(pr -> list.getItems().add(pr.toString()));
            }
        }
        root.setTop(heading);
        root.setCenter(list);
        stage.setTitle("Baton");
        stage.setScene(new Scene(root, 900, 600));
        stage.setOnCloseRequest(e -> Platform.exit());
        stage.show();
    }
}
