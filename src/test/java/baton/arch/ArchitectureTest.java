package baton.arch;

import baton.engine.Engine;
import baton.engine.LiveRun;
import baton.engine.exec.Native;
import baton.engine.plan.DryRun;
import baton.engine.plan.DryRunJob;
import baton.engine.plan.EarlierRuns;
import baton.engine.run.SlotPool;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The arrows of DESIGN.md: model <- format/store <- engine <- ui/cli <- app. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("baton");

    @Test
    void layersDependInwardOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("model").definedBy("baton.model..")
                .layer("format").definedBy("baton.format..")
                .layer("store").definedBy("baton.store..")
                .layer("engine").definedBy("baton.engine..")
                .layer("client").definedBy("baton.client..")
                .layer("service").definedBy("baton.service..")
                .layer("cli").definedBy("baton.cli..")
                .layer("ui").definedBy("baton.ui..")
                .layer("app").definedBy("baton.app..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayOnlyBeAccessedByLayers("app")
                .whereLayer("ui").mayOnlyBeAccessedByLayers("app")
                .whereLayer("service").mayOnlyBeAccessedByLayers("app")
                .whereLayer("client").mayOnlyBeAccessedByLayers("cli", "ui", "service", "app")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("client", "service", "cli", "ui", "app")
                .whereLayer("store").mayOnlyBeAccessedByLayers("engine", "service", "cli", "app")
                .whereLayer("format").mayOnlyBeAccessedByLayers("engine", "client", "service", "cli", "ui", "app")
                .check(CLASSES);
    }

    @Test
    void theModelImportsNothingOfOurs() {
        noClasses().that().resideInAPackage("baton.model..")
                .should().dependOnClassesThat().resideInAnyPackage("baton.format..", "baton.store..", "baton.engine..",
                        "baton.cli..", "baton.ui..", "baton.app..", "javafx..", "org.jdbi..", "com.fasterxml..")
                .check(CLASSES);
    }

    @Test
    void onlyTheUiTouchesJavafx() {
        noClasses().that().resideOutsideOfPackages("baton.ui..", "baton.app..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(CLASSES);
    }

    @Test
    void theUiNeverTouchesTheStoreOrSql() {
        noClasses().that().resideInAPackage("baton.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("baton.store..", "org.jdbi..", "java.sql..", "org.h2..")
                .check(CLASSES);
    }

    @Test
    void theStoreKnowsNothingOfTheEngine() {
        noClasses().that().resideInAPackage("baton.store..")
                .should().dependOnClassesThat().resideInAnyPackage("baton.engine..", "baton.format..", "javafx..")
                .check(CLASSES);
    }

    /** The engine's sub-packages (plan, run, exec, http, results, logs, trust, recover) depend on each other one way only. */
    @Test
    void theEnginesPackagesFormNoCycle() {
        slices().matching("baton.engine.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    /**
     * The sub-packages may use the engine's vocabulary (options, events, refusals) but never its
     * front ({@code Engine}, {@code LiveRun}), which wires them.
     */
    @Test
    void theEnginesPackagesNeverUseItsFront() {
        noClasses().that().resideInAPackage("baton.engine..").and().resideOutsideOfPackage("baton.engine")
                .should().dependOnClassesThat().belongToAnyOf(Engine.class, LiveRun.class)
                .check(CLASSES);
    }

    /** Outside the engine, only its API is used: the root package, the log files, and a few named types. */
    @Test
    void outsideTheEngineOnlyItsApiIsUsed() {
        noClasses().that().resideOutsideOfPackage("baton.engine..")
                .should().dependOnClassesThat(resideInAPackage("baton.engine..")
                        .and(not(resideInAnyPackage("baton.engine", "baton.engine.logs")))
                        .and(not(belongToAnyOf(DryRun.class, DryRunJob.class, EarlierRuns.class, SlotPool.class, Native.class, baton.engine.exec.DetachedProcess.class))))
                .check(CLASSES);
    }

    /** A client verb starts without the database, the YAML readers or JavaFX: the client package never names them. */
    @Test
    void theClientNeverTouchesTheStoreYamlOrJavafx() {
        noClasses().that().resideInAPackage("baton.client..")
                .should().dependOnClassesThat().resideInAnyPackage("baton.store..", "org.h2..", "org.jdbi..", "java.sql..",
                        "com.fasterxml.jackson.dataformat.yaml..", "javafx..", "baton.service..")
                .check(CLASSES);
    }
}
