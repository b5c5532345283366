package org.smpboot.runtime.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.smpboot.runtime.internal.AgronaFlag;
import org.smpboot.runtime.region.BumpAllocator;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackListener;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.runtime.wait.Awaited;
import org.smpboot.runtime.wait.BoundedWait;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.runtime.wait.WaitTimeoutException;

/**
 * The seed-002 boot: CPUs of unknown number, on memory of unknown content, elect a leader by CAS to MAGIC1, count
 * themselves in cpu_count, and start on stacks drawn from pools whose size does not depend on how many arrive. Every CPU
 * calls {@link #run(int)} with its own id; one instance may be shared by the threads of a JVM, and several processes
 * build their own over the same mapped memory.
 *
 * <h2>Memory</h2>
 * <pre>
 *  blockOffset                                 {@link BootBlock} ({@link BootBlock#LENGTH} bytes)
 *  blockOffset + BootBlock.LENGTH              initStacks stacks of stackSize bytes: arch_init_stack_pool
 *  heapStart .. heapLimit                      the leader's allocator; start stacks come from here once N is known
 * </pre>
 * Until the count is sealed the boot touches only the block and the arch_init stacks: {@link #footprintBeforeCount}.
 *
 * <h2>Protocol (the seed's steps, with the ordering they need)</h2>
 * Every CPU acquires asm_magic_val. Unless it reads MAGIC1 or MAGIC2 it tries CAS(read value, MAGIC1); exactly one CPU
 * succeeds. The leader heartbeats, writes start_bar = 0, cpu_count = 1, bs_cpuid, then MAGIC2 with a release store, and
 * runs arch_init: memory, its CPU, globals, allocator, start_stack_pool (empty), scheduler, arch_init_stack_pool,
 * running_count = 1, cpu_start_other (start_bar = 1, release), then waits until running_count == cpu_count and the
 * straggler policy allows, and seals cpu_count by CAS from exactly that value. It then gives start_stack_pool one stack
 * per counted CPU (or to the partitions {@link BootHooks#startStackPool} names) and runs its own main on one. A follower acquires MAGIC2, checks the block was really published,
 * counts itself unless sealed (LATE otherwise), acquires start_bar = 1, runs {@code stack_pool_call(arch_init_stack_pool)}
 * whose function initialises its CPU and scheduler, increments running_count, and
 * {@code stack_pool_terminate_call(stack_pool_call, start_stack_pool)}.
 *
 * <p>Every wait is bounded by the wait policy; waits on the leader also watch its heartbeat, so MAGIC1 at reset, MAGIC2
 * at reset and a dead leader each end in an {@link ElectionException} naming the case.
 */
public final class ElectionBoot
{
    /** Stacks of arch_init_stack_pool by default, whatever the number of CPUs. */
    public static final int DEFAULT_INIT_STACKS = 4;
    /** Bytes per stack by default (the boot stacks of TSAR are 4 KB apart). */
    public static final int DEFAULT_STACK_SIZE = 4096;
    /** A cpu_count above this is taken for the reset content, not a count (the wait policy's estimate only). */
    private static final long MAX_COUNTED = 1 << 20;
    /** A follower's wait looks at the leader's heartbeat at most once a millisecond of waiting. */
    private static final long LOOK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** ... or at every 16th check all the same. */
    private static final int SKIPPED_LOOKS_MASK = 15;
    /** How old the leader's heartbeat may get before followers declare it dead, by default. */
    public static final long DEFAULT_LIVENESS_MS = 2000;
    /** The builder's hooks when none are given: every step a no-op, so arch_init takes no time worth a heartbeat. */
    private static final BootHooks NO_HOOKS = new BootHooks()
    {
    };

    private final BootBlock block;
    private final StackPool archInitStackPool;
    private final StackPool startStackPool;
    private final BumpAllocator allocator;
    private final BootHooks hooks;
    /**
     * Whether the leader refreshes its heartbeat between arch_init steps: only around the platform's own hooks, which
     * may take time; with {@link #NO_HOOKS} the steps take microseconds and the heartbeat written at the election is
     * still fresh when the leader first waits (a clock read costs 25 to 150 ns here, a 2-CPU boot about 1 us).
     */
    private final boolean beatBetweenSteps;
    private final WaitPolicy waitPolicy;
    private final StragglerPolicy straggler;
    private final long livenessMs;
    private final long beatPeriodNs;
    /**
     * How often the leader waiting for the count reads the roll: twice a beat period, so that a counted CPU's death is
     * named within livenessMs / 16 of its heartbeat going stale, still off the wait's every round.
     */
    private final long scanPeriodMs;
    /** When the leader cleared the roll: no heartbeat in it is older, so none is stale before this plus livenessMs. */
    private long rollClearedMs;
    /** When the leader reads the roll next, once it waits for the count (the leader's thread only). */
    private long nextScanMs;
    private final int initStacks;
    private final int stackSize;
    private final int initStacksOffset;
    private final int heapStart;
    private final int heapLimit;
    private final boolean trackUsage;
    private final ArrivalRoll roll;
    private final int[] expectedIds;
    private final NanoClock nanoClock;
    private final EpochClock epochClock;

    private ElectionBoot(final Builder b)
    {
        final AtomicBuffer buffer = b.buffer;
        block = new BootBlock().wrap(buffer, b.blockOffset);
        // the builder's clock, when given, measures every wait of the boot (the pools' too), the heartbeat's period and
        // the straggler policy; otherwise the wait policy's clock does
        // and, unless the policy was told its contenders, each wait idles for the CPUs counted so far (before the count
        // is published, for the CPUs the straggler policy expects, when it expects some): a boot of no more CPUs than
        // processors spins (its partners are running), a larger one yields and parks (Phaser's rule)
        waitPolicy = (b.nanoClock != null ? b.waitPolicy.withClock(b.nanoClock) : b.waitPolicy)
            .forContenders(this::contenders);
        archInitStackPool = new StackPool("arch_init_stack_pool", waitPolicy)
            .wrap(buffer, b.blockOffset + BootBlock.ARCH_INIT_STACK_POOL).listener(b.stackListener);
        startStackPool = new StackPool("start_stack_pool", waitPolicy)
            .wrap(buffer, b.blockOffset + BootBlock.START_STACK_POOL).listener(b.stackListener);
        allocator = block.allocator();
        hooks = b.hooks;
        beatBetweenSteps = hooks != NO_HOOKS;
        straggler = b.straggler;
        livenessMs = b.livenessMs;
        nanoClock = waitPolicy.clock();
        epochClock = b.epochClock;
        beatPeriodNs = TimeUnit.MILLISECONDS.toNanos(Math.max(1, livenessMs / 8));
        scanPeriodMs = Math.max(1, livenessMs / 16);
        initStacks = b.initStacks;
        stackSize = b.stackSize;
        initStacksOffset = b.blockOffset + BootBlock.LENGTH;
        heapStart = b.heapStart >= 0 ? b.heapStart : Slot.align(initStacksOffset + initStacks * stackSize);
        heapLimit = b.heapLimit >= 0 ? b.heapLimit : buffer.capacity();
        trackUsage = b.trackUsage;
        roll = b.roll;
        expectedIds = b.expectedIds;
        if (initStacks < 1 || stackSize < StackPool.MIN_STACK_SIZE || (stackSize & 7) != 0)
        {
            throw new IllegalArgumentException("need at least 1 init stack of at least " + StackPool.MIN_STACK_SIZE +
                " bytes, a multiple of 8; got " + initStacks + " x " + stackSize);
        }
        if (initStacksOffset + (long)initStacks * stackSize > heapStart || heapStart > heapLimit ||
            heapLimit > buffer.capacity())
        {
            throw new IllegalArgumentException("boot layout does not fit: block @" + b.blockOffset + ", " + initStacks +
                " init stacks of " + stackSize + " bytes, heap [" + heapStart + ", " + heapLimit + ") in " +
                buffer.capacity() + " bytes");
        }
    }

    /**
     * @param buffer      shared memory.
     * @param blockOffset slot-aligned offset of the boot block.
     * @return a builder with the defaults.
     */
    public static Builder builder(final AtomicBuffer buffer, final int blockOffset)
    {
        AgronaFlag.ensure();
        return new Builder(buffer, blockOffset);
    }

    /**
     * @param initStacks stacks of arch_init_stack_pool.
     * @param stackSize  bytes per stack.
     * @return bytes the boot needs before the CPU count is known: independent of the number of CPUs.
     */
    public static int footprintBeforeCount(final int initStacks, final int stackSize)
    {
        return Slot.align(BootBlock.LENGTH + initStacks * stackSize);
    }

    /**
     * @param cpus       CPUs that may be counted.
     * @param initStacks stacks of arch_init_stack_pool.
     * @param stackSize  bytes per stack.
     * @return bytes of a region that holds the whole boot of {@code cpus} CPUs (block, init stacks, start stacks).
     */
    public static int regionLength(final int cpus, final int initStacks, final int stackSize)
    {
        return footprintBeforeCount(initStacks, stackSize) + cpus * Slot.align(stackSize) + Slot.LENGTH;
    }

    /**
     * Runs the boot on the calling thread as CPU {@code cpu}; returns when the CPU's main (on its start stack) returns,
     * or at once for a late CPU.
     *
     * @param cpu this CPU's id.
     * @return what this CPU became.
     * @throws ElectionException     for MAGIC1 or MAGIC2 at reset, or a dead leader.
     * @throws WaitTimeoutException  when a bounded wait expires, naming the stage and the word.
     */
    public BootOutcome run(final int cpu)
    {
        final long replaced = block.tryLead();
        return replaced != BootBlock.LOST ? lead(cpu, replaced) : follow(cpu);
    }

    /**
     * @return CPUs counted so far, for the wait policy; 0 (unknown) before a leader published the count, while
     *     cpu_count still holds the reset content.
     */
    private int countedSoFar()
    {
        final long count = block.cpuCount();
        return count > 0 && count <= MAX_COUNTED ? (int)count : 0;
    }

    /**
     * @return the threads that may wait at once, for the wait policy: the CPUs counted so far or the CPUs the straggler
     *     policy expects, whichever is more (before the count is published cpu_count holds the reset content and only
     *     the expected count is known), or 0 (unknown). The expected CPUs count from the start: on 2 cores with 64
     *     CPUs expected, the waits begun while 1 or 2 CPUs were counted idled as for waiters with a core of their own
     *     (spins, then yields, then parks), and the followers' waits for their start stacks parked 18 to 36 times a
     *     boot, against 1 to 2 with this rule (README, "Benchmarks").
     */
    int contenders()
    {
        final int counted = countedSoFar();
        final long expected = straggler.expectedCpus();
        final int more = expected > 0 && expected <= MAX_COUNTED ? (int)expected : 0;
        return Math.max(counted, more);
    }

    /**
     * Refreshes the heartbeat of {@code cpu}: the leader's in the block when {@code cpu} is the leader, else, with an
     * arrival roll, the CPU's own in the roll. Hooks that may run longer than the liveness timeout call it as they go:
     * a leader that does not beat is taken for dead by the CPUs waiting on it, and a counted CPU that does not beat
     * before it finishes arch_init, by the leader.
     *
     * @param cpu the CPU.
     */
    public void heartbeat(final int cpu)
    {
        if (block.heartbeatLeader() == cpu && !BootBlock.abandoned(block.heartbeatMs()))
        {
            block.heartbeat(cpu, epochClock.time());
        }
        else if (roll != null && cpu >= 0 && cpu < roll.cpus())
        {
            roll.beat(cpu, epochClock.time());
        }
    }

    private long beatIfOlder(final int leader, final long lastMs)
    {
        if (!beatBetweenSteps)
        {
            return lastMs;
        }
        final long now = epochClock.time();
        if (now != lastMs)
        {
            block.heartbeat(leader, now);
        }
        return now;
    }

    /** @return the boot block flyweight. */
    public BootBlock block()
    {
        return block;
    }

    /** @return arch_init_stack_pool. */
    public StackPool archInitStackPool()
    {
        return archInitStackPool;
    }

    /** @return start_stack_pool. */
    public StackPool startStackPool()
    {
        return startStackPool;
    }

    /** @return the boot allocator. */
    public BumpAllocator allocator()
    {
        return allocator;
    }

    private BootOutcome lead(final int cpu, final long replaced)
    {
        block.heartbeat(cpu, epochClock.time());
        final long count;
        final List<Integer> missing;
        final long heapUsedAtSeal;
        try
        {
            hooks.elected(cpu, replaced);
            long beat = beatIfOlder(cpu, 0); // no clock read without hooks: the election's beat is microseconds old
            if (roll != null)
            {
                rollClearedMs = epochClock.time();
                roll.clear(); // before MAGIC2: no follower marks itself or beats until it has acquired it
                roll.mark(cpu);
            }
            block.publish(cpu);

            // arch_init, leader; between steps the heartbeat is refreshed only when the clock moved (followers read
            // its line)
            hooks.initMemory(cpu);
            beat = beatIfOlder(cpu, beat);
            hooks.initCpu(cpu, null);
            beat = beatIfOlder(cpu, beat);
            hooks.initGlobals(cpu);
            allocator.initialize(heapStart, heapLimit);
            startStackPool.initialize(null, trackUsage); // empty until N is known; followers may already wait on it
            hooks.initScheduler(cpu);
            beatIfOlder(cpu, beat);
            archInitStackPool.initialize(null, trackUsage);
            for (int i = 0; i < initStacks; i++)
            {
                archInitStackPool.newStack(initStacksOffset + i * stackSize, stackSize);
            }
            block.initRunningCount();
            block.cpuStartOther();

            count = awaitAllRunningThenSeal(cpu);
            missing = missing();
            heapUsedAtSeal = allocator.used();
            hooks.provideStartStacks(count, startStackPool, allocator, stackSize);
            beatIfOlder(cpu, 0);
        }
        catch (final RuntimeException | Error e)
        {
            // whatever ended arch_init (a dead counted CPU, a wait that timed out, a hook that threw, this thread's
            // death): the CPUs waiting on the leader learn it at their next check, not after the liveness timeout
            block.abandon(cpu, epochClock.time());
            throw e;
        }
        final int initHighWater = archInitStackPool.highWater();
        final int startStacks = startStackPool.stacks();

        final long[] released = {-1};
        hooks.startStackPool(cpu, startStackPool).call(cpu, stack -> enterMain(stack, released));
        return new BootOutcome(Role.LEADER, cpu, cpu, 1, released[0], new BootOutcome.LeaderReport(
            replaced, count, straggler.expectedCpus(), heapUsedAtSeal, footprintBeforeCount(initStacks, stackSize),
            initHighWater, startStacks, missing));
    }

    /** @return the expected CPUs the roll does not show as counted, once the count is sealed. */
    private List<Integer> missing()
    {
        final List<Integer> missing = new ArrayList<>();
        if (roll != null)
        {
            for (final int id : expectedIds)
            {
                if (!roll.isMarked(id))
                {
                    missing.add(id);
                }
            }
        }
        return missing;
    }

    private BootOutcome follow(final int cpu)
    {
        final LeaderWatch watch = new LeaderWatch(cpu);
        awaitWord(cpu, "await MAGIC2", "asm_magic_val", BootBlock.ASM_MAGIC_VAL, Magic.MAGIC2, watch);
        if (!block.isPublished())
        {
            throw new ElectionException(ElectionException.Case.MAGIC2_WITHOUT_LEADER, "cpu " + cpu +
                ": asm_magic_val holds MAGIC2 but no leader published the boot block (bs_cpuid " +
                WaitTimeoutException.hex(block.bsCpuid()) + " does not match boot_check): the word held MAGIC2 at " +
                "reset, so every CPU took the election as over");
        }
        watch.published();
        if (roll != null)
        {
            roll.arrive(cpu, epochClock.time()); // before the count: a counted CPU always has a heartbeat
        }
        final long position = block.countMe();
        final long bsCpuid = block.bsCpuid();
        if (position < 0)
        {
            block.incrementLate();
            return new BootOutcome(Role.LATE, cpu, bsCpuid, -1, -1, null);
        }
        if (roll != null)
        {
            roll.mark(cpu); // counted: marked before running_count, which the leader reads before it seals
        }
        watch.counted = true;
        awaitWord(cpu, "await start_bar", "start_bar", BootBlock.START_BAR, 1, watch);

        final long[] released = {-1};
        archInitStackPool.call(cpu, initStack ->
        {
            // arch_init, follower, on a stack of arch_init_stack_pool
            hooks.initCpu(cpu, initStack);
            hooks.initScheduler(cpu);
            block.incrementRunning();
            if (roll != null)
            {
                // after running_count: a leader that reads the roll after running_count never misses a CPU in between
                roll.running(cpu, epochClock.time());
            }
            watch.counted = false;
            initStack.terminateCall((c, pool) -> pool.call(c, stack -> enterMain(stack, released),
                watch.onDraw("draw a start stack", "start_stack_pool"), beatPeriodNs),
                hooks.startStackPool(cpu, startStackPool));
        }, watch.onDraw("draw an arch_init stack", "arch_init_stack_pool"), beatPeriodNs);
        return new BootOutcome(Role.FOLLOWER, cpu, bsCpuid, position, released[0], null);
    }

    private void enterMain(final StackHandle stack, final long[] released)
    {
        released[0] = nanoClock.nanoTime();
        hooks.cpuMain(stack.cpu(), stack);
    }

    private long awaitAllRunningThenSeal(final int cpu)
    {
        // the fast path reads no clock: every CPU already running and the straggler rule satisfied without time (an
        // expected count reached, or no rule), the count is sealed at once; maySeal only grows with time, so a rule that
        // holds at zero holds at any time
        final long counted = block.cpuCount();
        if (block.runningCount() == counted && straggler.maySeal(counted, 0, 0) && block.seal(counted))
        {
            if (beatBetweenSteps)
            {
                block.heartbeat(cpu, epochClock.time()); // the hooks may have taken time
            }
            return counted;
        }
        final long start = nanoClock.nanoTime();
        long now = start;
        long lastBeat = start;
        long lastChange = start;
        long lastCount = -1;
        BoundedWait wait = null;
        while (true)
        {
            final long count = block.cpuCount();
            final long running = block.runningCount();
            // the clock when the count moved (its quiet period starts); otherwise the time the wait read at its last
            // check round (every 16th while it spins, every round once it yields or parks): what it decides (a beat,
            // the straggler rule) changes by milliseconds, and reads of its own beside the wait's were most of what a
            // 2-CPU boot's clocks cost (ClockReads, README)
            if (wait != null)
            {
                now = count != lastCount ? nanoClock.nanoTime() : wait.checkedNs();
            }
            if (now - lastBeat >= beatPeriodNs)
            {
                block.heartbeat(cpu, epochClock.time());
                lastBeat = now;
            }
            if (count != lastCount)
            {
                lastCount = count;
                lastChange = now;
            }
            if (running == count && straggler.maySeal(count, now - start, now - lastChange))
            {
                if (block.seal(count))
                {
                    // a wait that idled may have let the beat age by up to a period, and hooks may have taken time:
                    // refresh it for the CPUs that now wait for their start stacks, unless it is younger than half a
                    // period (the liveness timeout is 8 periods: a 2-CPU boot's wait of microseconds reads no epoch)
                    if (beatBetweenSteps || wait != null && now - lastBeat >= beatPeriodNs / 2)
                    {
                        block.heartbeat(cpu, epochClock.time());
                    }
                    if (wait != null)
                    {
                        wait.end();
                    }
                    return count;
                }
                continue; // a CPU counted itself between the reads and the CAS: wait for it too
            }
            if (wait == null)
            {
                wait = BoundedWait.begin(waitPolicy, sealWait, cpu);
                if (roll != null)
                {
                    // the roll's first read: a scan period from now, and not before a heartbeat of this election can
                    // be older than the liveness timeout
                    nextScanMs = Math.max(epochClock.time() + scanPeriodMs, rollClearedMs + livenessMs + 1);
                }
            }
            // nothing written may end this wait but the next heartbeat, or, all counted running, the straggler rule's
            // period
            wait.lookBy(Math.min(lastBeat + beatPeriodNs,
                running == count ? straggler.sealableBy(start, lastChange) : Long.MAX_VALUE));
            wait.idle();
        }
    }

    /**
     * The leader's wait for running_count == cpu_count: at each check round it looks, in the arrival roll, for the
     * counted CPUs that have not finished arch_init, and gives the boot up ({@code CPU_DEAD}) once fewer of them are
     * alive than running_count lacks; its timeout names them, dead and slow (context: the leader).
     */
    private final Awaited sealWait = new Awaited()
    {
        @Override
        public void checkLiveness(final long cpu, final long waitedNs)
        {
            if (roll == null)
            {
                return;
            }
            // off the fast path: the roll (every CPU's heartbeat line) is read once a scan period, from the first moment
            // a heartbeat written after the roll was cleared can be stale (older than livenessMs); so a verdict comes
            // at most a period (livenessMs / 16) later than a read at every round of the wait would give it
            final long now = epochClock.time();
            if (now < nextScanMs)
            {
                return;
            }
            nextScanMs = now + scanPeriodMs;
            if (block.runningCount() == block.cpuCount())
            {
                return; // every counted CPU runs (the straggler rule's period): nobody to look for
            }
            final Stragglers s = stragglers((int)cpu, now);
            if (s.provesDeath())
            {
                throw new ElectionException(ElectionException.Case.CPU_DEAD, "leader cpu " + cpu +
                    ": await running_count == cpu_count: counted " + cpus(s.dead()) + " stopped " +
                    (s.dead().size() == 1 ? "its heartbeat" : "their heartbeats") + " (older than the liveness timeout " +
                    "of " + livenessMs + " ms) before finishing arch_init, so running_count (" + s.running() +
                    ") can never reach cpu_count (" + s.count() + ")" + (s.slow().isEmpty() ? "" : "; still alive but " +
                    "not running: " + cpus(s.slow())) + "; the boot is given up", s.dead());
            }
        }

        @Override
        public long lookEveryNs()
        {
            // the counted CPUs' heartbeats' ages, read once a scan period
            return roll == null ? beatPeriodNs : TimeUnit.MILLISECONDS.toNanos(scanPeriodMs);
        }

        @Override
        public RuntimeException timedOut(final long cpu, final long waitedNs)
        {
            final String which;
            if (roll == null)
            {
                which = "the CPUs counted but not running never finished arch_init (no arrival roll: which ones is " +
                    "unknown)";
            }
            else
            {
                final Stragglers s = stragglers((int)cpu, epochClock.time());
                which = "counted but not running: " + (s.dead().isEmpty() ? "" : "dead (heartbeat stale) " +
                    cpus(s.dead()) + (s.slow().isEmpty() ? "" : ", ")) + (s.slow().isEmpty() ? "" : "slow (heartbeat fresh) " +
                    cpus(s.slow())) + (s.dead().isEmpty() && s.slow().isEmpty() ? "none in the roll" : "");
            }
            return new WaitTimeoutException("leader cpu " + cpu + ": await running_count == cpu_count",
                "running_count @" + (block.offset() + BootBlock.RUNNING_COUNT), Long.toString(block.runningCount()),
                "cpu_count (" + block.cpuCount() + "); " + which, waitedNs);
        }
    };

    private Stragglers stragglers(final int leader, final long nowMs)
    {
        return Stragglers.read(block, roll, leader, nowMs, livenessMs);
    }

    private boolean fresh(final long ageMs)
    {
        return ageMs <= livenessMs && ageMs >= -livenessMs;
    }

    private static String cpus(final List<Integer> ids)
    {
        return (ids.size() == 1 ? "cpu " : "cpus ") + (ids.size() == 1 ? ids.get(0).toString() : ids.toString());
    }

    private void awaitWord(
        final int cpu, final String stage, final String word, final int wordOffset, final long awaited,
        final LeaderWatch watch)
    {
        final int at = block.offset() + wordOffset;
        final AtomicBuffer buffer = block.buffer();
        if (buffer.getLongVolatile(at) == awaited)
        {
            return;
        }
        watch.arrived();
        BoundedWait.untilWord(waitPolicy, buffer, at, awaited, watch.onWord(stage, word, at, awaited));
    }

    /**
     * A follower's view of the leader while it waits on it, from MAGIC2 to its last stack: every such wait checks,
     * about once a millisecond, that the leader's heartbeat is younger than the liveness timeout and that the leader
     * did not give the boot up; a counted follower that has not finished arch_init also refreshes its own heartbeat in
     * the roll as it waits, so that the leader can tell it from a dead one.
     *
     * <p>What counts as a live leader: a heartbeat younger than the liveness timeout that does not name this CPU (a
     * CPU never takes itself for a leader, alive or dead). Before MAGIC2 a CPU that never saw one within the liveness
     * timeout of its arrival ends with MAGIC1_WITHOUT_LEADER; after MAGIC2 a block whose leader is not alive at that
     * moment is a STALE_BOOT.
     */
    private final class LeaderWatch implements Awaited, LongConsumer
    {
        private final int cpu;
        /**
         * The wait in progress (a CPU waits for one thing at a time), for its liveness looks and its errors: the watch is
         * itself the word wait's {@link Awaited} and the draw's liveness check, so a follower's waits allocate nothing
         * of their own.
         */
        private String stage;
        /** The awaited word's name, or null while the CPU draws a stack. */
        private String word;
        private int wordAt;
        private long awaitedValue;
        /** The pool drawn from, or null while the CPU waits for a word. */
        private String pool;
        /** When this CPU began to wait for MAGIC2 ({@link #arrived()}), read only if it had to wait. */
        private long arrivalMs = Long.MIN_VALUE;
        private long lastCheckMs = Long.MIN_VALUE;
        /** The waited time of the wait that last looked ({@link #check}). */
        private long lastLookWaitedNs = Long.MAX_VALUE;
        /** Calls of {@link #check} that did not look since the last that did. */
        private int skippedLooks;
        private long lastOwnBeatMs = Long.MIN_VALUE;
        private boolean seenAlive;
        /** Counted and not yet running: beats its own heartbeat in the roll. */
        boolean counted;

        LeaderWatch(final int cpu)
        {
            this.cpu = cpu;
        }

        /**
         * Notes this CPU's arrival, the start of the time within which a leader's heartbeat must appear: read at the first
         * wait, not on the path of a CPU that finds MAGIC2 already written (it never needs it: the block's heartbeat is
         * checked once, at {@link #published()}).
         */
        void arrived()
        {
            if (arrivalMs == Long.MIN_VALUE)
            {
                arrivalMs = epochClock.time();
            }
        }

        /** Acquired MAGIC2 of a published block: the leader must be alive now, or the block is left by a boot over. */
        void published()
        {
            final long beat = block.heartbeatMs();
            final long leader = block.heartbeatLeader();
            final long now = epochClock.time();
            final long age = now - BootBlock.millis(beat);
            if (BootBlock.abandoned(beat) && leader != cpu && fresh(age))
            {
                throw new ElectionException(ElectionException.Case.BOOT_ABANDONED, "cpu " + cpu + ": asm_magic_val " +
                    "holds MAGIC2 but leader cpu " + leader + " gave the boot up " + age + " ms ago (its own error " +
                    "says why: a counted CPU died, a wait timed out)", List.of((int)leader));
            }
            if (BootBlock.abandoned(beat) || leader == cpu || !fresh(age))
            {
                throw new ElectionException(ElectionException.Case.STALE_BOOT, "cpu " + cpu + ": asm_magic_val holds " +
                    "MAGIC2 and the block is published by leader cpu " + leader + " (bs_cpuid " + block.bsCpuid() +
                    "), but " + (BootBlock.abandoned(beat) ? "that leader gave its boot up " + age + " ms ago" : leader == cpu ?
                    "that is this very CPU, which is not leading any boot" : "its heartbeat is " + age + " ms old " +
                    "(liveness timeout " + livenessMs + " ms)") + ": a boot that is over (finished or crashed) left " +
                    "this memory, and this CPU is not part of it; to boot again, reset the memory (fill it) first",
                    List.of((int)leader));
            }
            seenAlive = true;
            // a look, as of now: the waits that follow look again after a millisecond of waiting (or at their 16th
            // check), not at once, and need no arrival time of their own (only a CPU that never saw a live leader
            // judges by it), either of which read the epoch clock a second time in every follower's boot
            lastLookWaitedNs = 0;
            lastCheckMs = now;
            if (arrivalMs == Long.MIN_VALUE)
            {
                arrivalMs = now;
            }
        }

        /**
         * @param stage   the waiting stage.
         * @param word    the awaited word's name.
         * @param at      its offset.
         * @param awaited the value awaited.
         * @return this, the word wait's {@link Awaited} (its context: the value last seen).
         */
        Awaited onWord(final String stage, final String word, final int at, final long awaited)
        {
            this.stage = stage;
            this.word = word;
            this.wordAt = at;
            this.awaitedValue = awaited;
            this.pool = null;
            return this;
        }

        /**
         * @param stage a draw's stage.
         * @param pool  the pool drawn from.
         * @return this, the draw's liveness check (given the time waited).
         */
        LongConsumer onDraw(final String stage, final String pool)
        {
            this.stage = stage;
            this.pool = pool;
            this.word = null;
            return this;
        }

        @Override
        public void accept(final long waitedNs)
        {
            check(0, waitedNs);
        }

        @Override
        public void checkLiveness(final long seen, final long waitedNs)
        {
            check(seen, waitedNs);
        }

        @Override
        public long lookEveryNs()
        {
            return beatPeriodNs; // the leader's heartbeat's age, which moves once a beat
        }

        @Override
        public RuntimeException timedOut(final long seen, final long waitedNs)
        {
            return new WaitTimeoutException("cpu " + cpu + ": " + stage, word + " @" + wordAt, describe(seen),
                describe(awaitedValue), waitedNs);
        }

        private boolean magic()
        {
            return wordAt == block.offset() + BootBlock.ASM_MAGIC_VAL;
        }

        private String describe(final long value)
        {
            return magic() ? Magic.describe(value) : Long.toString(value);
        }

        /** @return what the CPU still waits for, given the value its wait last saw (for an error's message only). */
        private String waitingFor(final long seen)
        {
            return pool != null ? pool + " still has no free stack" : word + " still holds " + describe(seen);
        }

        /**
         * @param seen     the value the wait last saw (a word's wait), or 0 (a draw).
         * @param waitedNs how long the wait has waited, on the wait's clock: within one wait a look comes at most
         *                 once a millisecond of it or every 16th call, without reading the epoch clock in between (a
         *                 check round of a spinning wait comes every 16 rounds).
         */
        void check(final long seen, final long waitedNs)
        {
            if (waitedNs >= lastLookWaitedNs && waitedNs - lastLookWaitedNs < LOOK_NS &&
                (++skippedLooks & SKIPPED_LOOKS_MASK) != 0)
            {
                // the same wait, or a later one that has waited no longer, looked under a millisecond ago; every 16th
                // call looks all the same: a wait on a clock that stands still (a test's, a stalled core's) still does
                return;
            }
            lastLookWaitedNs = waitedNs;
            final long now = epochClock.time();
            if (now == lastCheckMs)
            {
                return; // at most once a millisecond: the heartbeat's line is the leader's
            }
            lastCheckMs = now;
            if (counted && roll != null && now != lastOwnBeatMs)
            {
                lastOwnBeatMs = now;
                roll.beat(cpu, now);
            }
            final long beat = block.heartbeatMs();
            final long leader = block.heartbeatLeader();
            if (seenAlive && BootBlock.abandoned(beat))
            {
                throw new ElectionException(ElectionException.Case.BOOT_ABANDONED, "cpu " + cpu + ": " + stage +
                    ": leader cpu " + leader + " gave the boot up (its own error says why: a counted CPU died, a " +
                    "wait timed out) while " + waitingFor(seen), List.of((int)leader));
            }
            final long age = now - BootBlock.millis(beat);
            if (fresh(age) && leader != cpu && !BootBlock.abandoned(beat))
            {
                seenAlive = true;
                return;
            }
            if (seenAlive)
            {
                throw new ElectionException(ElectionException.Case.LEADER_DEAD, "cpu " + cpu + ": " + stage +
                    ": leader cpu " + leader + " is dead: its heartbeat is " + age + " ms old (liveness timeout " +
                    livenessMs + " ms) and " + waitingFor(seen), List.of((int)leader));
            }
            arrived(); // a check runs inside a wait, which noted the arrival already; this covers any other caller
            if (now - arrivalMs > livenessMs)
            {
                final boolean plausible = leader >= 0 && leader <= Integer.MAX_VALUE &&
                    age >= 0 && age < TimeUnit.DAYS.toMillis(3650);
                throw new ElectionException(ElectionException.Case.MAGIC1_WITHOUT_LEADER, "cpu " + cpu + ": " + stage +
                    ": " + waitingFor(seen).replace(" still", "") + " but no leader heartbeat appeared within " +
                    livenessMs +
                    " ms of this CPU's arrival (" + (!plausible ? "the heartbeat slot holds no heartbeat" :
                    "the heartbeat slot holds cpu " + leader + "'s, " + (BootBlock.abandoned(beat) ? "given up " : "") +
                    age + " ms old" + (leader == cpu ? ", this very CPU's" : "") + ": left by an earlier boot") +
                    "): the word held MAGIC1 at reset or was left by a boot that crashed mid-election, so no CPU " +
                    "could be elected (or the leader died before its first heartbeat)");
            }
        }
    }

    /** Configuration of an {@link ElectionBoot}. */
    public static final class Builder
    {
        private final AtomicBuffer buffer;
        private final int blockOffset;
        private BootHooks hooks = NO_HOOKS;
        private WaitPolicy waitPolicy = WaitPolicy.defaults();
        private StragglerPolicy straggler = StragglerPolicy.defaults();
        private long livenessMs = DEFAULT_LIVENESS_MS;
        private int initStacks = DEFAULT_INIT_STACKS;
        private int stackSize = DEFAULT_STACK_SIZE;
        private int heapStart = -1;
        private int heapLimit = -1;
        private boolean trackUsage = true;
        private ArrivalRoll roll;
        private int[] expectedIds;
        private NanoClock nanoClock;
        private EpochClock epochClock = SystemEpochClock.INSTANCE;
        private StackListener stackListener = StackListener.NONE;

        private Builder(final AtomicBuffer buffer, final int blockOffset)
        {
            this.buffer = buffer;
            this.blockOffset = blockOffset;
        }

        /**
         * @param hooks the platform's arch_init steps.
         * @return this.
         */
        public Builder hooks(final BootHooks hooks)
        {
            this.hooks = hooks;
            return this;
        }

        /**
         * @param listener told of this CPU's draws from arch_init_stack_pool and start_stack_pool and of its
         *                 {@code terminateCall} ({@link StackListener}: a simulated core's stack-pointer register); a
         *                 partition that {@link BootHooks#startStackPool} returns is the platform's to tell.
         * @return this.
         */
        public Builder stackListener(final StackListener listener)
        {
            this.stackListener = listener;
            return this;
        }

        /**
         * @param waitPolicy how every wait idles and how long it may last.
         * @return this.
         */
        public Builder waitPolicy(final WaitPolicy waitPolicy)
        {
            this.waitPolicy = waitPolicy;
            return this;
        }

        /**
         * @param straggler when the leader seals the count; {@link StragglerPolicy#defaults()} (a 1 s quiet period)
         *                  unless set.
         * @return this.
         */
        public Builder straggler(final StragglerPolicy straggler)
        {
            this.straggler = straggler;
            return this;
        }

        /**
         * The clocks of the waits' bounds, the straggler policy and the heartbeat: by default the wait policy's
         * ({@code System.nanoTime()} unless {@link WaitPolicy#withClock} changed it) and the system's epoch time; a
         * simulator that replays a run deterministically gives clocks derived from its own steps, so that neither how
         * often the leader beats nor when a wait gives up depends on the host's speed.
         *
         * @param nano  elapsed time, for every wait's bound (it replaces the wait policy's clock) and the straggler
         *              policy.
         * @param epoch the heartbeat's milliseconds (epoch time across processes).
         * @return this.
         */
        public Builder clocks(final NanoClock nano, final EpochClock epoch)
        {
            this.nanoClock = Objects.requireNonNull(nano, "nano clock");
            this.epochClock = Objects.requireNonNull(epoch, "epoch clock");
            return this;
        }

        /**
         * @param livenessMs age of the leader's heartbeat past which it is dead.
         * @return this.
         */
        public Builder livenessMs(final long livenessMs)
        {
            if (livenessMs < 1)
            {
                throw new IllegalArgumentException("liveness timeout must be at least 1 ms, got " + livenessMs);
            }
            this.livenessMs = livenessMs;
            return this;
        }

        /**
         * @param initStacks stacks in arch_init_stack_pool.
         * @param stackSize bytes each.
         * @return this.
         */
        public Builder stacks(final int initStacks, final int stackSize)
        {
            this.initStacks = initStacks;
            this.stackSize = stackSize;
            return this;
        }

        /**
         * @param start first byte of the allocator zone.
         * @param limit its end.
         * @return this.
         */
        public Builder heap(final int start, final int limit)
        {
            this.heapStart = start;
            this.heapLimit = limit;
            return this;
        }

        /**
         * @param trackUsage keep the stack pools' high-water marks.
         * @return this.
         */
        public Builder trackUsage(final boolean trackUsage)
        {
            this.trackUsage = trackUsage;
            return this;
        }

        /**
         * Keeps a roll of who was counted, so that the leader's report names the expected CPUs that never arrived.
         *
         * @param buffer   shared memory for the roll (outside the boot region, or past its end).
         * @param offset   its first byte, 8-aligned, {@link ArrivalRoll#length(int)} bytes.
         * @param expected the CPU ids expected to arrive (every CPU id must be below the largest plus one).
         * @return this.
         */
        public Builder arrivals(final AtomicBuffer buffer, final int offset, final int... expected)
        {
            if (expected.length == 0)
            {
                throw new IllegalArgumentException("an arrival roll needs the expected CPU ids");
            }
            this.expectedIds = expected.clone();
            this.roll = new ArrivalRoll().wrap(buffer, offset, java.util.Arrays.stream(expected).max().getAsInt() + 1);
            return this;
        }

        /**
         * Keeps a roll of who was counted, for a platform that learns which CPUs to expect only later, from its own
         * description (a boot-loader reads it after the election): the leader still names the counted CPUs that die
         * before running_count counts them ({@code CPU_DEAD}); its report's list of the expected CPUs that never
         * arrived stays empty, the platform's to draw up.
         *
         * @param buffer shared memory for the roll (outside the boot region, or past its end).
         * @param offset its first byte, 8-aligned, {@link ArrivalRoll#length(int)} bytes.
         * @param cpus   CPU ids the roll holds, 0 to cpus - 1: every id a CPU may have, a constant of the platform.
         * @return this.
         */
        public Builder arrivalRoll(final AtomicBuffer buffer, final int offset, final int cpus)
        {
            this.expectedIds = new int[0];
            this.roll = new ArrivalRoll().wrap(buffer, offset, cpus);
            return this;
        }

        /** @return the boot. */
        public ElectionBoot build()
        {
            return new ElectionBoot(this);
        }
    }
}
