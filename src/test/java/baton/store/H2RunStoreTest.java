package baton.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The store contract on a data directory's H2 file, opened as the engine opens it. */
class H2RunStoreTest extends RunStoreContract {
    @TempDir Path dataDir;

    @Override
    protected RunStore openStore() {
        return DataDirStore.open(dataDir).store();
    }
}
