package org.smpboot.sim.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.TestImages;
import org.smpboot.sim.hw.AccessKind;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.image.ArchInfo;
import org.smpboot.sim.image.ArchInfoReader;
import org.smpboot.sim.image.ArchInfoWriter;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/** The roster's bitmaps in cluster 0, read as the boot-loader's C would read them. */
class BootRosterTest
{
    private final Platform platform = PlatformBuilder.build(new PlatformSpec(4, 4, 4, 1, PlatformSpec.defaults().ioc(),
        0, 0, 0, 0, 4, 4, 2, List.of()));
    private final Machine m = new Machine(platform, MachineConfig.defaults().withConsole(null).withFill(Fill.random(3)));

    @AfterEach
    void close()
    {
        m.close();
    }

    /**
     * A CP0 that builds its boot_info drops the left-out cores from arch_info reading boot_excluded one word per 32
     * gids, not one word per core (at 16x16x4 that was 1,024 reads of 32 words a CP0, 261,120 reads of cluster 0 in
     * phase 3).
     */
    @Test
    void usableReadsEachWordOfTheExclusionBitmapOnce() throws Exception
    {
        final ArchInfo arch = ArchInfoReader.read("arch_info.bin", ArchInfoWriter.write(platform));
        final BootRoster roster = new BootRoster(TestImages.boot(BootLayout.ALMOS_MKH), TimeUnit.SECONDS.toNanos(5),
            TimeUnit.SECONDS.toNanos(5), new Reconfiguration(Duration.ofSeconds(5)));
        final Processor core = m.processor(0x00, 0);
        roster.clear(core);
        final List<ArchInfo.Core> cores = arch.cores();
        // three cores in three different words of the bitmap, one of them the last core
        final Set<Integer> out = Set.of(cores.get(1).gid(), cores.get(cores.size() / 2).gid(),
            cores.get(cores.size() - 1).gid());
        for (final int gid : out)
        {
            roster.exclude(core, gid, gid >>> 2, "test");
        }
        final long words = cores.stream().mapToInt(c -> c.gid() >>> 5).distinct().count();
        final long before = reads(core);
        final ArchInfo usable = roster.usable(core, arch);
        assertEquals(words, reads(core) - before, "one read per word of boot_excluded that holds arch_info's gids");
        assertEquals(arch.without(out).cores(), usable.cores());
        assertEquals(cores.size() - out.size(), usable.cores().size());
    }

    private static long reads(final Processor core)
    {
        return core.counts().get(0, AccessKind.READ);
    }
}
