package org.smpboot.sim.cli;

import picocli.CommandLine.Option;

/**
 * The platform flags of the commands that only describe a platform ({@code archinfo make}, {@code export-dtb}): those
 * of {@link PlatformOptions} and the block device type, which arch_info.bin may name whatever the simulator boots.
 */
final class DescriptionOptions extends PlatformOptions
{
    @Option(names = "--ioc", paramLabel = "TYPE", description = "Block device: BDV, HBA, SDC, SPI or RDK (the " +
        "simulated boot reads a BDV only).")
    void ioc(final String type)
    {
        this.ioc = type;
    }
}
