package org.smpboot.sim.kernel;

import java.util.List;

/** The banner kernel_init prints when the boot is complete, as ALMOS-MKH's {@code print_banner} does. */
final class Banner
{
    private Banner()
    {
    }

    /**
     * @param clusters clusters with cores.
     * @param cores    cores in all.
     * @return its lines.
     */
    static List<String> lines(final int clusters, final int cores)
    {
        return List.of(
            "    _   _    __  __  ___  ___       __  __ _  __ _  _",
            "   /_\\ | |  |  \\/  |/ _ \\/ __|_____|  \\/  | |/ /| || |",
            "  / _ \\| |__| |\\/| | (_) \\__ \\_____| |\\/| | ' < | __ |",
            " /_/ \\_\\____|_|  |_|\\___/|___/     |_|  |_|_|\\_\\|_||_|",
            "  Advanced Locality Management Operating System / Multi Kernel Hybrid (smpboot simulation)",
            String.format("  %d cluster(s) / %d core(s)", clusters, cores));
    }
}
