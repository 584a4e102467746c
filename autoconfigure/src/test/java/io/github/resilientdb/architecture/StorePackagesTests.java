package io.github.resilientdb.architecture;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.resilientdb.engine.DatastoreKind;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.support.SpringFactoriesLoader;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each store lives in one package tree, behind the SPI of the core ({@code DatastoreType}, {@code DatastoreKind},
 * {@code DatastoreProbe}, {@code DatastorePool}, {@code DatastoreClients}): the core knows no store, no store knows
 * another, and a store's sub-packages depend on each other in one direction only. So supporting another store means
 * adding one package tree and listing it in the auto-configuration imports and {@code spring.factories}.
 */
class StorePackagesTests {

	private static final String ROOT = "io.github.resilientdb";

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(ROOT);

	private static final List<String> stores = SpringFactoriesLoader
		.forDefaultResourceLocation(StorePackagesTests.class.getClassLoader())
		.load(DatastoreKind.class)
		.stream()
		.map((kind) -> kind.getClass().getPackageName())
		.toList();

	@Test
	void everyStoreListsItsKindFromItsOwnPackageTree() {
		assertThat(stores).containsExactlyInAnyOrder(ROOT + ".jdbc", ROOT + ".mongo", ROOT + ".r2dbc",
				ROOT + ".redis");
	}

	@Test
	void coreShouldNotDependOnAnyStore() {
		noClasses().that()
			.resideOutsideOfPackages(storeTrees(stores))
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(storeTrees(stores))
			.because("the core reaches stores only through the DatastoreType SPI")
			.check(classes);
	}

	@Test
	void noStoreShouldDependOnAnother() {
		for (String store : stores) {
			List<String> others = stores.stream().filter((other) -> !other.equals(store)).toList();
			noClasses().that()
				.resideInAPackage(store + "..")
				.should()
				.dependOnClassesThat()
				.resideInAnyPackage(storeTrees(others))
				.check(classes);
		}
	}

	@Test
	void aStoresSubPackagesShouldBeFreeOfCycles() {
		for (String store : stores) {
			slices().matching(store + ".(*)..").should().beFreeOfCycles().check(classes);
		}
	}

	private static String[] storeTrees(List<String> packages) {
		return packages.stream().map((store) -> store + "..").toArray(String[]::new);
	}

}
