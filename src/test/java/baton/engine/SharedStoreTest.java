package baton.engine;

import baton.model.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Engines of one data directory in one process share its store; each lets go of its share once. */
class SharedStoreTest {
    @TempDir Path dir;

    @Test
    void anEngineClosedTwiceLeavesTheStoreToTheOtherEngineOfItsDataDirectory() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            Engine second = Engine.open(dir.resolve("data"));
            second.close();
            second.close();
            var r = f.run("""
                    pipeline: after
                    phases:
                      - id: a
                        run: "true"
                      - id: b
                        needs: [a]
                        run: "true"
                    """);
            assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(r.jobs()).hasSize(2);
        }
    }
}
