package org.smpboot.sim;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Set;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layer map of DESIGN.md section 1, as rules every build checks (the main code only; tests may reach across).
 *
 * <table>
 * <caption>the layers of org.smpboot.sim, lowest first; each may use those its row names (and trace, which every
 * layer may call)</caption>
 * <tr><th>layer</th><th>packages</th><th>may use</th></tr>
 * <tr><td>description</td><td>platform</td><td>nothing</td></tr>
 * <tr><td>formats</td><td>image</td><td>platform (the generator writes a description as arch_info.bin)</td></tr>
 * <tr><td>events</td><td>trace</td><td>nothing: a leaf</td></tr>
 * <tr><td>hardware</td><td>hw</td><td>platform (the machine is built from the host's description)</td></tr>
 * <tr><td>software</td><td>driver</td><td>hw, image</td></tr>
 * <tr><td>software</td><td>boot, kernel</td><td>driver, hw, image (neither uses the other: they share the formats
 * boot_info and kernel.elf)</td></tr>
 * <tr><td>software</td><td>hyper</td><td>boot, kernel, driver, hw, image</td></tr>
 * <tr><td>runs</td><td>fault</td><td>the software, hw, image, platform</td></tr>
 * <tr><td>runs</td><td>run</td><td>fault and everything below it</td></tr>
 * <tr><td>campaigns</td><td>explore, soak, scale, race, report</td><td>runs and below; report (what runs produce)
 * may be used by the other campaigns</td></tr>
 * <tr><td>front</td><td>cli</td><td>everything</td></tr>
 * </table>
 * The simulated software (driver, boot, kernel, hyper) knows only what it reads through the bus (DESIGN.md 3.0): it
 * depends on no host description of the platform ({@code platform}, {@code hw.MachineConfig}), and the boot-loader,
 * kernel and drivers ask the machine nothing that describes it (its platform, its list of cores, devices or banks).
 * The runtime ({@code org.smpboot.runtime}) knows nothing of the simulator and depends on Agrona (and JCTools) only.
 * <p>
 * Every rule is strict: a single use of the description in the software fails {@link #LAYERS} and
 * {@link #THE_SOFTWARE_READS_NO_HOST_DESCRIPTION} ({@code LayerRulesCatchTest} shows that they do).
 */
@AnalyzeClasses(packages = "org.smpboot", importOptions = ImportOption.DoNotIncludeTests.class)
class LayerTest
{
    private static final String SIM = "org.smpboot.sim.";
    /** The simulated software: drivers, the boot-loader, kernel_init and the hypervisor's firmware. */
    private static final String[] SOFTWARE = {SIM + "driver..", SIM + "boot..", SIM + "kernel..", SIM + "hyper.."};
    /** What describes the machine on the host's side: never the simulated software's to read. */
    private static final String[] HOST_SIDE = {SIM + "platform..", SIM + "run..", SIM + "cli.."};
    /** What a machine answers about itself: the host's description of the hardware, not something a core reads. */
    private static final Set<String> MACHINE_DESCRIPTION = Set.of("platform", "config", "processors", "processor",
        "processorByGid", "devices", "device", "banks");

    @ArchTest
    static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("description").definedBy(SIM + "platform..")
        .layer("formats").definedBy(SIM + "image..")
        .layer("events").definedBy(SIM + "trace..")
        .layer("hardware").definedBy(SIM + "hw..")
        .layer("drivers").definedBy(SIM + "driver..")
        .layer("boot-loader").definedBy(SIM + "boot..")
        .layer("kernel").definedBy(SIM + "kernel..")
        .layer("hypervisor").definedBy(SIM + "hyper..")
        .layer("faults").definedBy(SIM + "fault..")
        .layer("runs").definedBy(SIM + "run..")
        .layer("reports").definedBy(SIM + "report..")
        .layer("campaigns").definedBy(SIM + "explore..", SIM + "soak..", SIM + "scale..", SIM + "race..")
        .layer("front").definedBy(SIM + "cli..")
        .withOptionalLayers(true)
        .whereLayer("description").mayOnlyAccessLayers("events")
        .whereLayer("formats").mayOnlyAccessLayers("description", "events")
        .whereLayer("events").mayNotAccessAnyLayer()
        .whereLayer("hardware").mayOnlyAccessLayers("description", "events")
        .whereLayer("drivers").mayOnlyAccessLayers("hardware", "formats", "events")
        .whereLayer("boot-loader").mayOnlyAccessLayers("drivers", "hardware", "formats", "events")
        .whereLayer("kernel").mayOnlyAccessLayers("drivers", "hardware", "formats", "events")
        .whereLayer("hypervisor").mayOnlyAccessLayers("boot-loader", "kernel", "drivers", "hardware", "formats",
            "events")
        .whereLayer("faults").mayOnlyAccessLayers("hypervisor", "boot-loader", "kernel", "drivers", "hardware",
            "formats", "description", "events")
        .whereLayer("runs").mayOnlyAccessLayers("faults", "hypervisor", "boot-loader", "kernel", "drivers",
            "hardware", "formats", "description", "events")
        .whereLayer("reports").mayOnlyAccessLayers("runs", "faults", "hypervisor", "boot-loader", "kernel",
            "drivers", "hardware", "formats", "description", "events")
        .whereLayer("campaigns").mayOnlyAccessLayers("reports", "runs", "faults", "hypervisor", "boot-loader",
            "kernel", "drivers", "hardware", "formats", "description", "events")
        .whereLayer("front").mayNotBeAccessedByAnyLayer();

    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("org.smpboot.(*).(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule THE_RUNTIME_KNOWS_NOTHING_OF_THE_SIMULATOR = noClasses()
        .that().resideInAPackage("org.smpboot.runtime..")
        .should().dependOnClassesThat().resideOutsideOfPackages("org.smpboot.runtime..", "java..", "org.agrona..",
            "org.jctools..")
        .because("the runtime is the embeddable library: it depends on Agrona (and JCTools) only (DESIGN.md 1)");

    @ArchTest
    static final ArchRule THE_SOFTWARE_READS_NO_HOST_DESCRIPTION = noClasses()
        .that().resideInAnyPackage(SOFTWARE)
        .should().dependOnClassesThat().resideInAnyPackage(HOST_SIDE)
        .orShould().dependOnClassesThat().haveFullyQualifiedName(SIM + "hw.MachineConfig")
        .because("the simulated software learns the platform only from arch_info.bin, boot_info, device registers " +
            "and its gid register (DESIGN.md 3.0)");

    @ArchTest
    static final ArchRule THE_BOOT_SOFTWARE_ASKS_THE_MACHINE_NOTHING_ABOUT_ITSELF = noClasses()
        .that().resideInAnyPackage(SIM + "driver..", SIM + "boot..", SIM + "kernel..")
        .should().callMethodWhere(describe("a method of hw.Machine that describes the hardware " +
            MACHINE_DESCRIPTION, (JavaCall<?> call) -> call.getTargetOwner().isEquivalentTo(
            org.smpboot.sim.hw.Machine.class) && MACHINE_DESCRIPTION.contains(call.getName())))
        .because("a core learns how many cores, devices and banks there are from arch_info.bin, not from the " +
            "simulator (DESIGN.md 3.0)");
}
