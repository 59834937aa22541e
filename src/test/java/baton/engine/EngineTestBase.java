package baton.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A real engine on a fresh H2 file for each test. */
abstract class EngineTestBase {
    @TempDir Path dir;
    EngineFixture f;

    @BeforeEach
    void openEngine() {
        f = new EngineFixture(dir);
    }

    @AfterEach
    void closeEngine() {
        f.close();
    }
}
