package baton.ui;

import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.stage.Window;

import java.util.List;

/**
 * The dark theme, on every window of the application: the main window, and each dialog, menu and
 * tooltip as it opens (a dialog is a window of its own, with a scene of its own, and would stay
 * light). A theme is one stylesheet over the light one; controls, lists and the Gantt's palette
 * take its colours at once when it comes or goes.
 */
final class Theme {
    private static final String DARK = Theme.class.getResource("/fxml/dark.css").toExternalForm();

    private final ListChangeListener<Window> opened = c -> {
        while (c.next()) c.getAddedSubList().forEach(this::apply);
    };
    private boolean dark;

    Theme() {
        Window.getWindows().addListener(opened);
    }

    void dark(boolean on) {
        dark = on;
        List.copyOf(Window.getWindows()).forEach(this::apply);
    }

    boolean isDark() {
        return dark;
    }

    /** Stops looking at new windows; the window is going away. */
    void dispose() {
        Window.getWindows().removeListener(opened);
    }

    private void apply(Window w) {
        Scene s = w.getScene();
        if (s == null) return;
        List<String> sheets = s.getStylesheets();
        if (dark && !sheets.contains(DARK)) sheets.add(DARK);
        else if (!dark) sheets.remove(DARK);
    }
}
