package io.gitops.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pure packages hold most of the logic; they must stay free of Vert.x and of cluster clients. */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.gitops.gateway");
    // Rules over no classes pass vacuously: make sure the import found the code they are about.
    org.assertj.core.api.Assertions.assertThat(classes.containPackage("io.gitops.gateway.diff")).isTrue();
    org.assertj.core.api.Assertions.assertThat(classes.containPackage("io.gitops.gateway.reconcile")).isTrue();
  }

  @Test
  void purePackagesDoNotImportVertxOrTheKubernetesClient() {
    noClasses().that().resideInAnyPackage(
            "io.gitops.gateway.model..", "io.gitops.gateway.diff..", "io.gitops.gateway.health..",
            "io.gitops.gateway.render..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.vertx..", "io.fabric8.kubernetes.client..", "io.gitops.gateway.cluster..", "io.gitops.gateway.store..")
        .because("model, diff, health and render are pure functions tested as tables of fixtures")
        .check(classes);
  }

  @Test
  void syncPlanningIsPure() {
    noClasses().that().haveSimpleNameStartingWith("SyncPlan").or().haveSimpleNameStartingWith("ApplyOrder")
        .or().haveSimpleNameStartingWith("DesiredObjects")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.fabric8..")
        .check(classes);
  }

  @Test
  void modelDependsOnTheJdkOnly() {
    noClasses().that().resideInAPackage("io.gitops.gateway.model..")
        .should().dependOnClassesThat().resideOutsideOfPackages("io.gitops.gateway.model..", "java..")
        .check(classes);
  }

  @Test
  void theGatewayCoreNeverKnowsAClusterIsSimulated() {
    noClasses().that().resideOutsideOfPackages("io.gitops.gateway.sim..", "io.gitops.gateway.demo..")
        .should().dependOnClassesThat().resideInAnyPackage("io.gitops.gateway.sim..", "io.fabric8.kubernetes.client.server.mock..", "io.fabric8.mockwebserver..")
        .check(classes);
  }
}
