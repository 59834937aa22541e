package baton.ui;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The window reaches the engine through {@link EngineCalls} only, so that a client of the Baton
 * service can stand in for the engine in one place: only {@link LocalEngineCalls} (and
 * {@link BatonApp}, which opens the engine) name the engine's own classes.
 */
class OneDoorToTheEngineTest {
    private static final JavaClasses UI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("baton.ui");

    @Test
    void onlyTheLocalEngineCallsTouchTheEngine() {
        noClasses().that().resideInAPackage("baton.ui..")
                .and().doNotHaveFullyQualifiedName(LocalEngineCalls.class.getName())
                .and().doNotHaveFullyQualifiedName(BatonApp.class.getName())
                .should().dependOnClassesThat().haveFullyQualifiedName("baton.engine.Engine")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("baton.engine.LiveRun")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("baton.engine.RunListener")
                .check(UI);
    }
}
