package io.obshell.emulator;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.obshell.emulator.task.DagDefinition;
import io.obshell.emulator.task.DagParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.annotation.Transactional;

/**
 * The package boundaries ARCHITECTURE.md draws, checked on the compiled main classes: the
 * engine knows no particular DAG, the control plane knows DAGs only through the catalog, the
 * shared packages lean on no feature, and nothing but the control plane reaches into it.
 */
class ModuleBoundariesTest {

    private static final String ROOT = "io.obshell.emulator";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void theEngineKnowsNoParticularDag() {
        noClasses().that().resideInAPackage(ROOT + ".task..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".obproxy..", ROOT + ".pkg..",
                        ROOT + ".control..")
                .check(classes);
    }

    @Test
    void theControlPlaneKnowsDagsOnlyThroughTheCatalog() {
        noClasses().that().resideInAPackage(ROOT + ".control..")
                .should().dependOnClassesThat(assignableTo(DagDefinition.class).and(not(type(DagDefinition.class))))
                .orShould().dependOnClassesThat(assignableTo(DagParams.class).and(not(type(DagParams.class))))
                .check(classes);
    }

    @Test
    void theEnvelopeAndErrorCatalogueLeanOnNoFeature() {
        noClasses().that().resideInAPackage(ROOT + ".api..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".agent..", ROOT + ".secure..",
                        ROOT + ".obproxy..", ROOT + ".pkg..", ROOT + ".task..", ROOT + ".control..")
                .check(classes);
    }

    @Test
    void onlyTheControlPlaneUsesTheControlPlane() {
        noClasses().that().resideInAnyPackage(ROOT + ".api..", ROOT + ".agent..", ROOT + ".secure..",
                        ROOT + ".obproxy..", ROOT + ".pkg..", ROOT + ".task..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".control..")
                .check(classes);
    }

    // application.yml excludes Boot's TransactionAutoConfiguration: an @Transactional would be ignored.
    @Test
    void transactionsAreTemplatesNotAnnotations() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName(Transactional.class.getName())
                .check(classes);
    }

    @Test
    void dagDefinitionsLiveInTheirFeaturePackage() {
        noClasses().that().areAssignableTo(DagDefinition.class).and().areNotAssignableFrom(DagDefinition.class)
                .should().resideOutsideOfPackage(ROOT + ".obproxy..")
                .check(classes);
    }
}
