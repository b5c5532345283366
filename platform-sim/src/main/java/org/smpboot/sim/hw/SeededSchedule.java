package org.smpboot.sim.hw;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A deterministic schedule: one simulated core runs at a time, and a seeded random generator picks which one at every
 * shared access and every wait, as Simics's serialized mode or QEMU's single-threaded TCG would, but with the
 * interleaving chosen by the seed. The same seed on the same platform replays the same interleaving, so the same
 * TXT0 lines, trace and memory maps; other seeds explore other interleavings.
 *
 * <p>The token: {@link #holder} names the one core allowed to run; every other core thread parks in {@link #access},
 * {@link #idle}, {@link #sleep} or {@link #begin} until the token comes back to it. The holder passes it by writing
 * {@link #holder} (volatile: everything the holder wrote happens-before the next holder's run) and unparking the
 * next core's thread. All the schedule's own state (the generator, the steps, the cores' states) is touched by the
 * holder only.
 *
 * <p>At an access the holder keeps the token with probability 1 - 1/{@value #SWITCH_ONE_IN}, else the seed picks a
 * runnable core (maybe itself). A core idling in a wait loop is runnable again once a word it read before idling is
 * written ({@link WaitCue#moved()}); a core in {@code wait} once one of its XCU lines is up. When no core is runnable,
 * the machine clock (the XCU timers) jumps ahead by {@value #IDLE_ADVANCE} cycles at a time, which is the only way a
 * timer fires: devices and timers run on virtual time, never on the host's clock. Bus-mastering devices run their
 * transfers at once, on the token holder's thread ({@link DeviceWorker}).
 *
 * <p>Cores stopped and started again from outside (a hypervisor's reset of an instance's cores): the holder marks a
 * core it stops {@linkplain #stopping ended} before interrupting its thread, which then dies parked, without the
 * token; once {@linkplain #restarted restarted}, the core's new thread takes turns again.
 */
public final class SeededSchedule implements Schedule
{
    /** An access passes the token with probability 1 / SWITCH_ONE_IN. */
    static final int SWITCH_ONE_IN = 8;
    /** Cycles the machine clock jumps when every core waits. */
    static final long IDLE_ADVANCE = 1000;
    /** Jumps of the clock after which, every core still waiting, idle cores re-poll anyway (a bulk-changed word). */
    static final int STALL_JUMPS = 100_000;
    private static final int RUNNABLE = 0;
    private static final int IDLE = 1;
    private static final int SLEEP = 2;
    private static final int ENDED = 3;

    private final long seed;
    private final SplittableRandom random;
    private final Clock clock;
    private final Map<Processor, Integer> index = new IdentityHashMap<>();
    private final List<Processor> cores = new ArrayList<>();
    private int[] states;
    private Runnable onSwitch = () -> { };
    private long cycleLimit = Long.MAX_VALUE;
    private volatile Processor holder;
    private volatile long steps;
    private long switches;

    /**
     * @param seed  the seed of the interleaving.
     * @param clock the machine clock, which this schedule advances in virtual time.
     */
    public SeededSchedule(final long seed, final Clock clock)
    {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.clock = clock;
    }

    /** @return the seed, to replay the run. */
    public long seed()
    {
        return seed;
    }

    /** @return the scheduling points passed so far (accesses and waits of the token holders). */
    public long steps()
    {
        return steps;
    }

    /** @return a deterministic clock in nanoseconds for the software's timeouts and heartbeats: 1 us per step. */
    public long nanoTime()
    {
        return steps * 1000;
    }

    /**
     * @param hook run by the token holder each time the token moves (the boot's own checks, such as "the boot is
     *             complete, halt the idle threads"), so that they too happen at a point the seed decides.
     */
    public void onSwitch(final Runnable hook)
    {
        this.onSwitch = hook;
    }

    /**
     * @param cycles the virtual time a run may reach: past it, every core faults at its next turn with a message naming
     *               the seed and every core's state (a deadlock among waiters, or a livelock, ends deterministically
     *               instead of at the host's timeout).
     */
    public void cycleLimit(final long cycles)
    {
        this.cycleLimit = cycles;
    }

    @Override
    public boolean deterministic()
    {
        return true;
    }

    /**
     * Takes part in the run: call for every core that will start, before any starts.
     *
     * @param participants the cores, in start order.
     */
    public void attach(final List<Processor> participants)
    {
        for (final Processor p : participants)
        {
            index.put(p, cores.size());
            cores.add(p);
            p.schedule(this);
        }
        states = new int[cores.size()];
    }

    /** Gives the token to the first core: call once every core's thread has started. */
    public void go()
    {
        final Processor first = pick();
        holder = first;
        if (first != null)
        {
            LockSupport.unpark(first.thread());
        }
    }

    @Override
    public void begin(final Processor core)
    {
        awaitToken(core);
    }

    @Override
    public void end(final Processor core)
    {
        final Integer i = index.get(core);
        if (i == null || holder != core)
        {
            return;
        }
        states[i] = ENDED;
        final Processor next = pick();
        handTo(next);
    }

    @Override
    public void access(final Initiator who)
    {
        if (who != holder)
        {
            return; // a device's transfer on the holder's thread, or a tool: not a scheduling point
        }
        steps++;
        if (random.nextInt(SWITCH_ONE_IN) == 0)
        {
            pass((Processor)who);
        }
    }

    @Override
    public boolean idle(final Processor core)
    {
        if (core != holder)
        {
            return false;
        }
        steps++;
        final int i = index.get(core);
        states[i] = core.cue() != null && core.cue().count() > 0 ? IDLE : RUNNABLE;
        pass(core);
        states[i] = RUNNABLE;
        if (core.cue() != null)
        {
            core.cue().clear();
        }
        return true;
    }

    @Override
    public boolean sleep(final Processor core)
    {
        if (core != holder)
        {
            return false;
        }
        steps++;
        final int i = index.get(core);
        states[i] = SLEEP;
        pass(core);
        states[i] = RUNNABLE;
        // woken by a timer: its tick happened at the machine clock's time
        core.counts().clock().atLeast(clock.cycles());
        return true;
    }

    @Override
    public void stopping(final Processor core)
    {
        final Integer i = index.get(core);
        if (i != null && core != holder)
        {
            states[i] = ENDED;
        }
    }

    @Override
    public void restarted(final Processor core)
    {
        final Integer i = index.get(core);
        if (i != null && core != holder)
        {
            states[i] = RUNNABLE;
        }
    }

    private void pass(final Processor me)
    {
        if (clock.cycles() > cycleLimit)
        {
            throw new CoreFault(me, "deterministic run, seed " + seed + ": virtual time passed its limit of " +
                cycleLimit + " cycles (cycle " + clock.cycles() + "); cores: " + states());
        }
        final Processor next = pick();
        if (next == me)
        {
            return;
        }
        handTo(next);
        awaitToken(me);
    }

    private void handTo(final Processor next)
    {
        switches++;
        onSwitch.run();
        holder = next;
        if (next != null)
        {
            LockSupport.unpark(next.thread());
        }
    }

    private void awaitToken(final Processor me)
    {
        while (holder != me)
        {
            LockSupport.park(this);
            if (Thread.interrupted())
            {
                throw new CoreFault(me, "stopped while waiting for its turn (deterministic schedule, seed " + seed +
                    ")");
            }
        }
    }

    /** The holder picks the next core: the seed chooses among the runnable ones; the clock moves when none is. */
    private Processor pick()
    {
        keepClockUp();
        final int[] runnable = new int[cores.size()];
        for (int jumps = 0; ; jumps++)
        {
            int n = 0;
            boolean alive = false;
            for (int i = 0; i < cores.size(); i++)
            {
                final int s = states[i];
                alive |= s != ENDED;
                if (s == RUNNABLE || s == IDLE && (cores.get(i).cue().moved() || jumps > STALL_JUMPS) ||
                    s == SLEEP && cores.get(i).linePending())
                {
                    runnable[n++] = i;
                }
            }
            if (!alive)
            {
                return null;
            }
            if (n > 0)
            {
                return cores.get(runnable[random.nextInt(n)]);
            }
            if (jumps > 2 * STALL_JUMPS)
            {
                // nothing can happen: let a waiter re-check, so that its own bound ends the run with its name
                for (int i = 0; i < cores.size(); i++)
                {
                    if (states[i] != ENDED)
                    {
                        return cores.get(i);
                    }
                }
            }
            if (clock.cycles() > cycleLimit)
            {
                return cores.get(runnableOrAny());
            }
            clock.advance(IDLE_ADVANCE);
        }
    }

    private int runnableOrAny()
    {
        for (int i = 0; i < cores.size(); i++)
        {
            if (states[i] != ENDED)
            {
                return i;
            }
        }
        return 0;
    }

    private String states()
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < cores.size(); i++)
        {
            final String[] names = {"runnable", "waiting on a word", "in wait", "ended"};
            b.append(i == 0 ? "" : "; ").append(cores.get(i).name()).append(' ').append(names[states[i]])
                .append(" in '").append(cores.get(i).phase()).append('\'');
        }
        return b.toString();
    }

    /** The XCU timers follow virtual time: the machine clock is never behind the most advanced core. */
    private void keepClockUp()
    {
        long max = 0;
        for (final Processor p : cores)
        {
            max = Math.max(max, p.cycles());
        }
        final long now = clock.cycles();
        if (max > now)
        {
            clock.advance(max - now);
        }
    }

    @Override
    public String toString()
    {
        return "seed " + seed + ", " + steps + " steps, " + switches + " switches";
    }
}
