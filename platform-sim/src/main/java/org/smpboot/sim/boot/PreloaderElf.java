package org.smpboot.sim.boot;

import java.util.List;

import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.Elf32;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.image.ElfSymbol;
import org.smpboot.sim.image.Filler;
import org.smpboot.sim.image.HardConfig;

/**
 * The built-in TSAR preloader, {@code preloader.elf}, as the LETI platform holds it in cluster 0's RAM: one
 * {@code .reset} segment of 16 KB at 0x0, whose function {@code reset} is the reset address of every core (the whole
 * segment, as the code guard sees it), with {@code reset_config}, the {@link HardConfig} it was built with, in its last
 * 256 bytes.
 */
public final class PreloaderElf
{
    /** Where {@code reset_config} sits in the segment. */
    static final int CONFIG = BootLayout.PRELOADER_SIZE - 0x100;

    private PreloaderElf()
    {
    }

    /**
     * @param config what the generator's hard_config.h says.
     * @return the image.
     */
    public static ElfImage image(final HardConfig config)
    {
        final int size = BootLayout.PRELOADER_SIZE;
        final byte[] data = Filler.bytes(0x5EED, size);
        config.writeTo(data, CONFIG);
        return new ElfImage(0, List.of(new ElfSegment(".reset", 0, 0, Elf32.PF_R | Elf32.PF_X, data, size)),
            List.of(new ElfSymbol("reset", 0, size, true), new ElfSymbol("reset_config", CONFIG,
                HardConfig.LENGTH, false)));
    }
}
