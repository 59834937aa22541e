package baton.store;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The database is the store's business: the rest of Baton sees {@code RunStore} and its records, never JDBC or a database's own classes. */
class StoreBoundaryTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("baton");

    @Test
    void nothingOutsideTheStoreTouchesJdbcOrADatabase() {
        noClasses().that().resideOutsideOfPackage("baton.store..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.h2..", "org.flywaydb..", "org.jdbi..",
                        "org.postgresql..")
                .check(CLASSES);
    }

    @Test
    void onlyTheStoresOwnOpenersNameTheImplementation() {
        noClasses().that().resideOutsideOfPackage("baton.store..")
                .should().dependOnClassesThat().haveSimpleName("JdbcRunStore")
                .check(CLASSES);
    }
}
