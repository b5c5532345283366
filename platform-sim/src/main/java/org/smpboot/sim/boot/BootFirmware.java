package org.smpboot.sim.boot;

import org.smpboot.sim.driver.TtyConsole;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.Machine;

/**
 * Installs the boot firmware in a machine, bound in the machine's code map: for the tsar flavor the preloader's
 * {@code reset} and the boot-loader's functions, for the elected flavor the election at {@code reset} and the
 * elected variants of the per-cluster phases. The images themselves are placed by whoever runs the boot (the preloader in cluster 0's
 * RAM, boot.elf on the disk).
 */
public final class BootFirmware
{
    private BootFirmware()
    {
    }

    /**
     * @param machine  the machine.
     * @param images   the images the boot reads.
     * @param options  layout, bounds and variant.
     * @param recorder told when a phase is over for a cluster.
     * @param ttyBase  physical base of the TTY whose channel 0 is TXT0.
     * @param bdvBase  physical base of the block device.
     * @return what the election does, in the elected flavor; null in the tsar flavor.
     */
    public static ElectionState install(final Machine machine, final BootImages images, final BootOptions options,
        final MemoryMapRecorder recorder, final long ttyBase, final long bdvBase)
    {
        return install(machine, machine.code(), images, options, recorder, ttyBase, bdvBase);
    }

    /**
     * Installs the firmware in a code map of its own: a hypervisor's guest instance, whose cores jump through their
     * HAT's code map, runs its own copy bound to its own devices.
     *
     * @param machine  the machine.
     * @param code     where to bind the functions.
     * @param images   the images the boot reads.
     * @param options  layout, bounds and variant.
     * @param recorder told when a phase is over for a cluster.
     * @param ttyBase  physical base of the TTY whose channel 0 is TXT0.
     * @param bdvBase  physical base of the block device.
     * @return what the election does, in the elected flavor; null in the tsar flavor.
     */
    public static ElectionState install(final Machine machine, final CodeMap code, final BootImages images,
        final BootOptions options, final MemoryMapRecorder recorder, final long ttyBase, final long bdvBase)
    {
        return install(machine, code, images, options, recorder, ttyBase, bdvBase, Reconfiguration.defaults(options));
    }

    /**
     * @param machine         the machine.
     * @param code            where to bind the functions.
     * @param images          the images the boot reads.
     * @param options         layout, bounds and variant.
     * @param recorder        told when a phase is over for a cluster.
     * @param ttyBase         physical base of the TTY whose channel 0 is TXT0.
     * @param bdvBase         physical base of the block device.
     * @param reconfiguration the wake-up deadline, and the record of the cores the boot leaves out.
     * @return what the election does, in the elected flavor; null in the tsar flavor.
     */
    public static ElectionState install(final Machine machine, final CodeMap code, final BootImages images,
        final BootOptions options, final MemoryMapRecorder recorder, final long ttyBase, final long bdvBase,
        final Reconfiguration reconfiguration)
    {
        final long timeout = options.timeout().toNanos();
        final Preloader preloader = new Preloader(machine, new TtyConsole(ttyBase, 0, -1, "", timeout), bdvBase, timeout,
            recorder);
        final BootLoader loader = new BootLoader(machine, images, options, recorder, ttyBase, bdvBase,
            reconfiguration);
        if (options.flavor() == BootFlavor.TSAR)
        {
            code.bind("reset", preloader);
            loader.bind(code);
            return null;
        }
        final ElectionState election = new ElectionState();
        new ElectedBoot(machine, images, options, recorder, loader, preloader, election).bind(code);
        return election;
    }
}
