package io.gitops.gateway.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.assertj.core.api.Assertions;

/**
 * The house rules, one constant each, so that the test that checks the gateway and the test that
 * shows a rule catching a deliberate violation use the very same rule.
 */
final class ArchitectureRules {
  private ArchitectureRules() {}

  static final String PROJECT = "io.gitops.gateway..";

  /**
   * Pure packages: functions of their inputs, tested as tables of fixtures. Enforced by package.
   */
  static final String[] PURE = {
    "io.gitops.gateway.model..", "io.gitops.gateway.diff..", "io.gitops.gateway.health..",
    "io.gitops.gateway.render..", "io.gitops.gateway.sync.plan..", "io.gitops.gateway.tree.."
  };

  static final ArchRule NO_PACKAGE_CYCLES =
      slices()
          .matching("io.gitops.gateway.(*)..")
          .should()
          .beFreeOfCycles()
          .because("a package cycle means no package can be read, tested or moved on its own");

  static final ArchRule PURE_PACKAGES_STAY_PURE =
      noClasses()
          .that()
          .resideInAnyPackage(PURE)
          .should()
          .dependOnClassesThat(
              resideInAnyPackage("io.vertx..", "io.netty..", "io.fabric8..")
                  .or(resideInAPackage(PROJECT).and(resideOutsideOfPackages(PURE))))
          .because(
              "the pure packages are functions tested as tables of fixtures: no Vert.x, no cluster"
                  + " client, no project package that is not pure itself");

  static final ArchRule CONFIG_IS_A_LEAF =
      noClasses()
          .that()
          .resideInAPackage("io.gitops.gateway.config..")
          .should()
          .dependOnClassesThat(
              resideInAPackage(PROJECT).and(resideOutsideOfPackage("io.gitops.gateway.config..")))
          .because(
              "every part reads the configuration; if config read a part back, that closes a cycle");

  static final ArchRule DOMAIN_OWNS_STORE_INTERFACES =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.gitops.gateway.tenancy..",
              "io.gitops.gateway.auth..",
              "io.gitops.gateway.source..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.gitops.gateway.store..")
          .because(
              "permission and source code own the interfaces store implements, and never see SQL");

  static final ArchRule MODEL_IS_JDK_ONLY =
      noClasses()
          .that()
          .resideInAPackage("io.gitops.gateway.model..")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages("io.gitops.gateway.model..", "java..");

  static final ArchRule CORE_NEVER_KNOWS_A_CLUSTER_IS_SIMULATED =
      noClasses()
          .that()
          .resideOutsideOfPackages("io.gitops.gateway.sim..", "io.gitops.gateway.demo..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.gitops.gateway.sim..",
              "io.fabric8.kubernetes.client.server.mock..",
              "io.fabric8.mockwebserver..");

  private static JavaClasses gateway;

  /** The gateway's main classes (imported once per test run: the import takes seconds). */
  static synchronized JavaClasses gateway() {
    if (gateway == null) {
      gateway =
          new ClassFileImporter()
              .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
              .importPackages("io.gitops.gateway");
    }
    return gateway;
  }

  /**
   * Only the given classes: the deliberate violations under src/test, without the rest of the
   * gateway.
   */
  static JavaClasses only(Class<?>... classes) {
    return new ClassFileImporter().importClasses(classes);
  }

  /**
   * The rule holds for the gateway, and is not vacuous: the import holds the packages it is about.
   */
  static void assertHolds(ArchRule rule, String... packages) {
    for (String p : packages) {
      Assertions.assertThat(gateway().containPackage(p)).as(p).isTrue();
    }
    rule.check(gateway());
  }

  /**
   * The rule catches the deliberate violations (test-only classes in {@code ..archviolation}
   * packages).
   */
  static void assertCatches(ArchRule rule, Class<?>... violations) {
    EvaluationResult result = rule.evaluate(only(violations));
    Assertions.assertThat(result.hasViolation()).isTrue();
    Assertions.assertThat(result.getFailureReport().toString()).contains("archviolation");
  }
}
