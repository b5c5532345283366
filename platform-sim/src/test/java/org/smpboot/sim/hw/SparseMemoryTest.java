package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/** A 16 x 16 x 4 platform of 64 MiB banks (16 GiB of RAM) costs only what the boot touches. */
class SparseMemoryTest
{
    private static final long MIB = 1 << 20;

    @Test
    @Tag("slow") // a 1024-core machine: the full tier only
    void sixteenBySixteenStaysSparse() throws IOException
    {
        final long before = rss();
        final PlatformSpec spec = new PlatformSpec(16, 16, 4, 3, org.smpboot.sim.platform.DeviceType.IOC_BDV, 128, 1,
            0, 0, 4, 4, 2, java.util.List.of());
        try (Machine m = new Machine(PlatformBuilder.build(spec), MachineConfig.defaults().withConsole(null)
            .withFill(Fill.random(11))))
        {
            assertEquals(256, m.banks().size());
            assertEquals(1024, m.processors().size());
            // what a boot writes in every cluster: kernel code and data, boot_info, stacks (about 1 MiB)
            final byte[] image = new byte[(int)MIB];
            final Processor p = m.processor(0, 0);
            for (final Bank b : m.banks())
            {
                m.bus().write(p, PhysicalAddress.of(b.cxy(), 0x4000), image, 0, image.length);
                m.bus().read64(p, PhysicalAddress.of(b.cxy(), 0x5F_F000));
            }
            final long grown = rss() - before;
            assertTrue(grown < 400 * MIB, "RSS grew by " + grown / MIB + " MiB for 256 clusters");
            assertEquals(256 + 1, m.banks().get(5).residentPages());
        }
    }

    private static long rss() throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
        {
            if (line.startsWith("VmRSS:"))
            {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
