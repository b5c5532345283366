package org.smpboot.runtime.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.smpboot.runtime.barrier.CentralizedBarrier;
import org.smpboot.runtime.barrier.ClusterTopology;
import org.smpboot.runtime.barrier.CombiningTreeBarrier;
import org.smpboot.runtime.barrier.DisseminationBarrier;
import org.smpboot.runtime.barrier.HierarchicalBarrier;
import org.smpboot.runtime.boot.ArrivalRoll;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.boot.ElectionBoot;
import org.smpboot.runtime.region.BumpAllocator;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Run by {@link AgronaFlagTest} in a JVM started without the Agrona export: calls every entry point of the runtime and
 * prints one line per entry point, {@code name -> ExceptionClass: message}. The buffers passed are null: the check must
 * come before anything touches a buffer, so a NullPointerException here would show an entry point that does not
 * check first.
 */
public final class EntryPointsProbe
{
    private EntryPointsProbe()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final WaitPolicy policy = WaitPolicy.defaults();
        final Path file = Files.createTempFile("smpboot-probe", ".dat");
        final Map<String, Callable<Object>> entries = new LinkedHashMap<>();
        entries.put("SharedRegion.allocate", () -> SharedRegion.allocate(128));
        entries.put("SharedRegion.map", () -> SharedRegion.map(file, 4096));
        entries.put("ElectionBoot.builder", () -> ElectionBoot.builder(null, 0));
        entries.put("BootBlock.wrap", () -> new BootBlock().wrap(null, 0));
        entries.put("StackPool.wrap", () -> new StackPool("arch_init_stack_pool", policy).wrap(null, 0));
        entries.put("BumpAllocator.wrap", () -> new BumpAllocator().wrap(null, 0));
        entries.put("ArrivalRoll.wrap", () -> new ArrivalRoll().wrap(null, 0, 8));
        entries.put("CentralizedBarrier.wrap", () -> new CentralizedBarrier(policy, "b").wrap(null, 0));
        entries.put("CentralizedBarrier.initialize", () -> new CentralizedBarrier(policy, "b").initialize(null, 0, 2));
        entries.put("CombiningTreeBarrier.wrap", () -> new CombiningTreeBarrier(policy, "b").wrap(null, 0));
        entries.put("CombiningTreeBarrier.initialize",
            () -> new CombiningTreeBarrier(policy, "b").initialize(null, 0, 2, 2));
        entries.put("DisseminationBarrier.wrap", () -> new DisseminationBarrier(policy, "b").wrap(null, 0));
        entries.put("DisseminationBarrier.initialize",
            () -> new DisseminationBarrier(policy, "b").initialize(null, 0, 2));
        entries.put("HierarchicalBarrier.wrap", () -> new HierarchicalBarrier(policy, "b").wrap(null, 0));
        entries.put("HierarchicalBarrier.initialize",
            () -> new HierarchicalBarrier(policy, "b").initialize(null, 0, ClusterTopology.ofSizes(1, 1)));
        for (final Map.Entry<String, Callable<Object>> e : entries.entrySet())
        {
            String outcome;
            try
            {
                outcome = "returned " + e.getValue().call();
            }
            catch (final Throwable t)
            {
                outcome = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            System.out.println(e.getKey() + " -> " + outcome.replace('\n', '|'));
        }
        Files.deleteIfExists(file);
    }
}
