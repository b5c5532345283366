package org.smpboot.sim;

import org.smpboot.sim.boot.BootElf;
import org.smpboot.sim.boot.PreloaderElf;
import org.smpboot.sim.image.BootImages;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.HardConfig;
import org.smpboot.sim.kernel.KernelElf;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import org.smpboot.sim.run.PlatformBoot;

/** The built-in images, for tests: the preloader and boot.elf built for the default platform, the kernel. */
public final class TestImages
{
    /** The default platform's hard_config. */
    public static final HardConfig CONFIG = HardConfig.of(PlatformBuilder.build(PlatformSpec.defaults()));

    private TestImages()
    {
    }

    /**
     * @param layout a layout.
     * @return boot.elf for it, built for the default platform.
     */
    public static ElfImage boot(final BootLayout layout)
    {
        return BootElf.image(layout, CONFIG);
    }

    /** @return preloader.elf, built for the default platform. */
    public static ElfImage preloader()
    {
        return PreloaderElf.image(CONFIG);
    }

    /** @return kernel.elf. */
    public static ElfImage kernel()
    {
        return KernelElf.image();
    }

    /**
     * @param platform a platform.
     * @param layout   a layout.
     * @return the images a boot of that platform runs.
     */
    public static BootImages builtIn(final Platform platform, final BootLayout layout)
    {
        return PlatformBoot.images(platform, layout);
    }
}
