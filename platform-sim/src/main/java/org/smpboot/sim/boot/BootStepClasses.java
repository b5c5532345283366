package org.smpboot.sim.boot;

import java.util.List;
import java.util.Locale;

import org.smpboot.sim.hw.StepClasses;

/**
 * The classes of the boot's steps, so that the hardware counts each core's requests and cycles by what the step does
 * as well as by phase: the arch_info searches, the copies and the barrier waits the seeds talk about, the election,
 * the other waits and the rest. A step is classed by its name ({@link org.smpboot.sim.hw.Processor#phase(String)}),
 * the first rule that matches:
 * <ol>
 *   <li>{@link #BARRIER} "barrier waits": a name holding {@code barrier} ({@code phase 3: global_barrier},
 *       {@code kernel: D2: TXT0 / barrier 1});</li>
 *   <li>{@link #SEARCH} "arch_info search": holding {@code find} and {@code arch_info} ({@code phase 3: find my cluster
 *       in arch_info});</li>
 *   <li>{@link #ELECTION} "election": holding {@code election} or {@code wait for the count};</li>
 *   <li>{@link #COPY} "copies": holding {@code copy}, {@code load } or {@code move the kernel} (the loads from the disk,
 *       the copies of phases 2 and 3, almos-mk's kernel move);</li>
 *   <li>{@link #WAIT} "other waits": holding {@code wait}, or ending in {@code idle} (a wake-up, an answer, a roster, the
 *       idle thread waiting for its tick);</li>
 *   <li>{@link #WORK} "other work": the rest (the reset, TTY and IOC set-up, boot_info, kernel_init's D steps).</li>
 * </ol>
 */
public final class BootStepClasses implements StepClasses
{
    /** The boot's step classes. */
    public static final BootStepClasses CLASSES = new BootStepClasses();
    /** Other work (class 0, where every core starts). */
    public static final int WORK = 0;
    /** The election. */
    public static final int ELECTION = 1;
    /** The arch_info searches. */
    public static final int SEARCH = 2;
    /** Loads and copies. */
    public static final int COPY = 3;
    /** Barrier waits. */
    public static final int BARRIER = 4;
    /** Other waits. */
    public static final int WAIT = 5;

    private static final List<String> NAMES = List.of("other work", "election", "arch_info search", "copies",
        "barrier waits", "other waits");

    private BootStepClasses()
    {
    }

    @Override
    public int classify(final String step)
    {
        final String s = step.toLowerCase(Locale.ROOT);
        if (s.contains("barrier"))
        {
            return BARRIER;
        }
        if (s.contains("find") && s.contains("arch_info"))
        {
            return SEARCH;
        }
        if (s.contains("election") || s.contains("wait for the count"))
        {
            return ELECTION;
        }
        if (s.contains("copy") || s.contains("load ") || s.contains("move the kernel"))
        {
            return COPY;
        }
        if (s.contains("wait") || s.endsWith("idle"))
        {
            return WAIT;
        }
        return WORK;
    }

    @Override
    public List<String> names()
    {
        return NAMES;
    }
}
