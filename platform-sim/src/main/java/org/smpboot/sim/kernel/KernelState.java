package org.smpboot.sim.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulator observes of the running kernels, for reports and tests: the entries into kernel_init, each
 * core's ticks, when each step ended, and the moment the boot completed, written by the cores as they go (concurrent
 * collections, counters and a latch); and what was read back from simulated memory, where the kernel's own state
 * lives: at boot completion the chdevs its directories name and the root directory D6 mounted, and, after the boot
 * when asked, {@link KernelMemory} (page managers, process_zero, idle threads, chdev directories, file systems).
 */
public final class KernelState
{
    /**
     * When a step of kernel_init ended, as the boot cluster's CP0 saw it after the step's barrier.
     *
     * @param step   D1 .. D7.
     * @param what   what the step did.
     * @param millis wall-clock milliseconds since the first core entered kernel_init.
     * @param cycle  the machine's cycle.
     */
    public record Step(String step, String what, long millis, long cycle)
    {
    }

    // the first kernel_init entry: what step and completion times count from
    private final AtomicLong started = new AtomicLong();
    private final Queue<KernelEntry> entries = new ConcurrentLinkedQueue<>();
    private final Queue<Step> steps = new ConcurrentLinkedQueue<>();
    private final Map<Integer, AtomicLong> ticks = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> mailboxes = new ConcurrentHashMap<>();
    private final CountDownLatch complete = new CountDownLatch(1);
    private volatile List<Chdev> chdevs = List.of();
    private volatile List<String> root = List.of();
    private volatile KernelMemory memory;
    private volatile String banner = "";
    private volatile long completeMillis = -1;
    private volatile long completeNanos;
    // virtual time: the least cycle at which a core entered kernel_init, the completing core's cycle at completion
    private final AtomicLong enteredCycle = new AtomicLong(Long.MAX_VALUE);
    private volatile long completeCycle = -1;
    private volatile boolean shutdown;

    void enter(final KernelEntry e, final long cycle)
    {
        started.compareAndSet(0, System.nanoTime());
        enteredCycle.accumulateAndGet(cycle, Math::min);
        entries.add(e);
    }

    /**
     * Records what the kernel left in simulated memory at boot completion, read back raw from it.
     *
     * @param chdevList the chdevs its directories name.
     * @param rootNames the names of its root directory's dentries, in the I/O cluster.
     */
    void readBack(final List<Chdev> chdevList, final List<String> rootNames)
    {
        chdevs = List.copyOf(chdevList);
        root = List.copyOf(rootNames);
    }

    void step(final String step, final String what, final long cycle)
    {
        steps.add(new Step(step, what, millis(), cycle));
    }

    long tick(final int gid)
    {
        return ticks.computeIfAbsent(gid, g -> new AtomicLong()).incrementAndGet();
    }

    void mailbox(final int gid)
    {
        mailboxes.computeIfAbsent(gid, g -> new AtomicLong()).incrementAndGet();
    }

    void complete(final String text, final long cycle)
    {
        banner = text;
        completeCycle = cycle;
        completeNanos = System.nanoTime();
        completeMillis = millis();
        complete.countDown();
    }

    private long millis()
    {
        return (System.nanoTime() - started.get()) / 1_000_000L;
    }

    /** @return the cores that entered kernel_init, in order. */
    public List<KernelEntry> entries()
    {
        return new ArrayList<>(entries);
    }

    /**
     * @return every chdev the kernel's chdev directories name ({@link ChdevDirectory}), each read from its descriptor
     *     in simulated memory at boot completion; empty before.
     */
    public List<Chdev> chdevs()
    {
        return chdevs;
    }

    /** @return the steps ended so far, in order. */
    public List<Step> steps()
    {
        return new ArrayList<>(steps);
    }

    /**
     * Records what the kernels left in simulated memory, read back once the cores have stopped.
     *
     * @param read the kernel structures of every cluster.
     */
    public void memory(final KernelMemory read)
    {
        memory = read;
    }

    /**
     * @return the kernel structures read back from simulated memory after the boot, or null before (and when the boot
     *     did not ask for them: {@code PlatformBoot.readKernelMemory()}).
     */
    public KernelMemory memory()
    {
        return memory;
    }

    /**
     * @param gid a core.
     * @return the ticks it has taken in its idle thread.
     */
    public long ticks(final int gid)
    {
        final AtomicLong t = ticks.get(gid);
        return t == null ? 0 : t.get();
    }

    /**
     * @param gid a core.
     * @return the WTI mailboxes (IPIs, external interrupts through the IOPIC) its idle thread has acknowledged.
     */
    public long mailboxes(final int gid)
    {
        final AtomicLong t = mailboxes.get(gid);
        return t == null ? 0 : t.get();
    }

    /**
     * @return the names of the VFS root's dentries in the I/O cluster's memory ({@link VfsRoot}), read at boot
     *     completion; empty before.
     */
    public List<String> root()
    {
        return root;
    }

    /** @return the banner printed at boot completion, "" before. */
    public String banner()
    {
        return banner;
    }

    /** @return milliseconds from the first kernel_init to boot completion, -1 before. */
    public long completeMillis()
    {
        return completeMillis;
    }

    /**
     * @return cycles of virtual time from the first core's entry into kernel_init (its own cycle counter) to boot
     *     completion (the completing core's), -1 before: what a deterministic run reports, the same in every replay.
     */
    public long completeCycles()
    {
        final long c = completeCycle;
        final long e = enteredCycle.get();
        return c < 0 || e == Long.MAX_VALUE ? -1 : c - e;
    }

    /** @return {@link System#nanoTime()} at boot completion, 0 before. */
    public long completeNanos()
    {
        return completeNanos;
    }

    /** @return the latch released at boot completion. */
    public CountDownLatch completion()
    {
        return complete;
    }

    /** Asks every idle thread to halt its core at its next wake-up. */
    public void shutdown()
    {
        shutdown = true;
    }

    boolean shuttingDown()
    {
        return shutdown;
    }
}
