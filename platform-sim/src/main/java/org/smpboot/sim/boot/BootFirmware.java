package org.smpboot.sim.boot;

import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.image.BootImages;

/**
 * Installs the boot firmware in a machine, bound in a code map: for the tsar flavor the preloader's {@code reset} and
 * the boot-loader's functions ({@link TsarFlavor}), for the elected flavor the election at {@code reset} and the
 * elected variants of the per-cluster phases ({@link ElectedFlavor}). The firmware knows its own images
 * (preloader.elf and boot.elf, whose data carry the hard_config they were built with); everything else it reads
 * through the bus. The images themselves are placed by whoever runs the boot (the preloader in cluster 0's RAM,
 * boot.elf, kernel.elf and arch_info.bin on the disk).
 */
public final class BootFirmware
{
    private BootFirmware()
    {
    }

    /**
     * @param machine  the machine (its device accounting epoch only).
     * @param images   the images the boot runs.
     * @param options  layout, bounds and variant.
     * @param recorder told when a phase is over for a cluster.
     * @return what the election does, in the elected flavor; null in the tsar flavor.
     */
    public static ElectionState install(final Machine machine, final BootImages images, final BootOptions options,
        final MemoryMapRecorder recorder)
    {
        return install(machine, machine.code(), images, options, recorder, Reconfiguration.defaults(options));
    }

    /**
     * Installs the firmware in a code map of its own: a hypervisor's guest instance, whose cores jump through their
     * HAT's code map, runs its own copy.
     *
     * @param machine         the machine (its device accounting epoch only).
     * @param code            where to bind the functions.
     * @param images          the images the boot runs.
     * @param options         layout, bounds and variant.
     * @param recorder        told when a phase is over for a cluster.
     * @param reconfiguration the wake-up deadline, and the record of the cores the boot leaves out.
     * @return what the election does, in the elected flavor; null in the tsar flavor.
     */
    public static ElectionState install(final Machine machine, final CodeMap code, final BootImages images,
        final BootOptions options, final MemoryMapRecorder recorder, final Reconfiguration reconfiguration)
    {
        final BootSteps steps = new BootSteps(machine, images.boot(), options, recorder, reconfiguration);
        final Preloader preloader = new Preloader(machine, images.preloader(), steps.timeoutNanos(), recorder);
        if (options.flavor() == BootFlavor.TSAR)
        {
            code.bind("reset", preloader);
            new TsarFlavor(steps).bind(code);
            return null;
        }
        final ElectionState election = new ElectionState();
        new ElectedFlavor(steps, preloader, election).bind(code);
        return election;
    }
}
