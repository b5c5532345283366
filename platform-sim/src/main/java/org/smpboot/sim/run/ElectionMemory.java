package org.smpboot.sim.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.agrona.concurrent.UnsafeBuffer;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.sim.boot.BootElf;
import org.smpboot.sim.boot.ElectionState;
import org.smpboot.sim.hw.Bank;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.platform.Core;

/**
 * What an elected boot left in simulated memory, read back once it is over (raw reads: the counts do not change):
 * each cluster's {@code start_stack_pool} usage mark, at the bottom of its boot-stack zone, and the gids marked in
 * boot.elf's {@code cpu_late} in cluster 0 (the cores that arrived after the count was sealed).
 */
final class ElectionMemory
{
    private ElectionMemory()
    {
    }

    /**
     * @param machine  the machine, before it closes.
     * @param layout   the boot's memory layout.
     * @param boot     boot.elf.
     * @param election where the observer keeps it.
     */
    static void readBack(final Machine machine, final BootLayout layout, final ElfImage boot,
        final ElectionState election)
    {
        final Map<Integer, Integer> high = new TreeMap<>();
        for (final int cxy : machine.platform().cores().stream().map(Core::cxy).distinct().toList())
        {
            final Bank bank = machine.bus().bank(cxy);
            high.put(cxy, new StackPool("start_stack_pool", WaitPolicy.defaults())
                .wrap(bank.window(layout.stackBase(), StackPool.LENGTH), 0).highWater());
        }
        final List<Integer> late = new ArrayList<>();
        final int bitmap = boot.address(BootElf.CPU_LATE);
        final int bytes = boot.symbols().stream().filter(s -> s.name().equals(BootElf.CPU_LATE)).findFirst()
            .orElseThrow().size();
        final UnsafeBuffer w = machine.bus().bank(0).window(bitmap, bytes);
        for (int gid = 0; gid < bytes * 8; gid++)
        {
            if ((w.getByte(gid >>> 3) & 1 << (gid & 7)) != 0)
            {
                late.add(gid);
            }
        }
        election.readBack(high, late);
    }
}
