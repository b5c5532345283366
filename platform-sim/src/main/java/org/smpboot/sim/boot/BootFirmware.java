package org.smpboot.sim.boot;

import org.smpboot.sim.hw.Machine;

/**
 * Installs the boot firmware in a machine: the preloader's {@code reset} and the boot-loader's functions, bound in
 * the machine's code map. The images themselves are placed by whoever runs the boot (the preloader in cluster 0's
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
     */
    public static void install(final Machine machine, final BootImages images, final BootOptions options,
        final MemoryMapRecorder recorder, final long ttyBase, final long bdvBase)
    {
        final long timeout = options.timeout().toNanos();
        machine.code().bind("reset", new Preloader(machine, new BootTty(ttyBase, 0, -1, timeout), bdvBase, timeout,
            recorder));
        new BootLoader(machine, images, options, recorder, ttyBase, bdvBase).bind(machine.code());
    }
}
