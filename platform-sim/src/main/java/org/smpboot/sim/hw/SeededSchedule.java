package org.smpboot.sim.hw;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * A deterministic schedule: one simulated core runs at a time, and a seeded generator decides which one at every
 * shared access and every wait, as Simics's serialized mode or QEMU's single-threaded TCG would, but with the
 * interleaving chosen by the seed. The same seed on the same platform replays the same interleaving, so the same
 * TXT0 lines, trace and memory maps; other seeds explore other interleavings.
 *
 * <p>The token: {@link #holder} names the one core allowed to run; every other core thread parks in {@link #access},
 * {@link #idle}, {@link #sleep} or {@link #begin} until the token comes back to it. The holder passes it by writing
 * {@link #holder} (volatile: everything the holder wrote happens-before the next holder's run) and unparking the
 * next core's thread. All the schedule's own state (the generator, the steps, the cores' states, the runnable set)
 * is touched by the holder only. With virtual core threads ({@link CoreThreads}) a hand-off is a continuation
 * switch.
 *
 * <p>Who may run: the schedule keeps the set of runnable cores as it changes, so a hand-off costs the same with 4 or
 * 1024 cores. A core that idles in a wait loop leaves the set until a word it read before idling is written (the
 * {@link WakeTable} tells the schedule the bucket of every word stored or changed atomically), a core in {@code wait}
 * until one of its XCU lines rises ({@link #signal}). When no core can run, the machine clock (the XCU timers) jumps
 * straight to the next event: the earliest timer expiry ({@link Clock#nextDue()}) or the earliest time a waiter must
 * look again although nothing it read was written (its wait's bound, a liveness look, a quiet period's end: what
 * {@link #idle(Processor, long)} was told; a sleeping core's bound, told to {@link #sleep(Processor, long)}), never past
 * the watchdog's cycle or the cycle limit, which is the only way a timer fires or a deadline passes: devices and
 * timers run on virtual time, never on the host's clock. A core that resumes after such a jump has waited through it:
 * its cycle counter is taken to the jump's end, as a timer's tick takes a sleeping core's. With no event within
 * {@value #STALL_WINDOW} cycles (doubling while nothing else happens), the clock jumps that far and every idle core
 * re-polls (a word changed in bulk wakes nobody). Bus-mastering devices run their transfers at once, on the token
 * holder's thread ({@link DeviceWorker}).
 *
 * <p>Two strategies pick the next core:
 * <ul>
 *   <li>{@link Strategy#RANDOM} (the default): at an access the holder keeps the token with probability
 *       1 - 1/{@value #SWITCH_ONE_IN}, else the seed picks a runnable core uniformly (maybe itself); at a wait, among
 *       the others.</li>
 *   <li>{@link Strategy#PCT}: probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi and Nagarakatte,
 *       ASPLOS 2010). The seed gives each core a distinct random priority and picks {@code depth - 1} change points
 *       among the first {@code steps} scheduling points; the runnable core of highest priority always runs, and at the
 *       i-th change point the running core's priority drops below every initial one. A bug of depth d (d ordering
 *       constraints) is then found with probability at least 1 / (n k^(d-1)) per seed, for n cores and k steps.</li>
 *   <li>{@link Strategy#TIMED}: a conservative discrete-event order. At every access the holder knows when its request
 *       will reach its target ({@link #accessAt}); it keeps the token while no other runnable core could get a request
 *       to a target earlier (its key, the earliest its next request can leave, plus the one-way transit to its own
 *       cluster, {@link CostModel#TRANSIT}), and else hands it to the runnable core of least key. So requests reach
 *       every {@link ServiceQueue} in the order of their arrival cycles and the queues are exact first-come
 *       first-served servers; a burst's every piece, a line refill and a wait's poll are such accesses. A core's key
 *       is its cycle counter, or, when it yielded at an access, that access's arrival minus the transit. At a wait the
 *       least key among the others runs. The seed draws a rank per core that breaks ties between equal keys.</li>
 * </ul>
 *
 * <p>Bounds, all in virtual time: past {@link #cycleLimit(long)} every core faults at its next turn naming the seed
 * and every core's state; with a {@link #watchdog(long)}, a run in which no core changes step, jumps or wakes for that
 * many cycles of the machine clock faults the same way.
 *
 * <p>Cores stopped and started again from outside (a hypervisor holding an instance's cores in reset): the holder marks
 * a core it stops {@linkplain #stopping ended} before interrupting its thread, which then dies parked, without the
 * token; once {@linkplain #restarted restarted}, the core's new thread takes turns again.
 */
public final class SeededSchedule implements Schedule
{
    /** How the next core is chosen. */
    public enum Strategy
    {
        /** Uniformly among the runnable cores, at one access in {@value SeededSchedule#SWITCH_ONE_IN}. */
        RANDOM,
        /** Probabilistic concurrency testing: priorities and change points drawn from the seed. */
        PCT,
        /**
         * In virtual time: the core whose next access reaches its target first runs, so that every target's queue
         * serves its requests in the order they arrive ({@link ServiceQueue}); the seed breaks ties.
         */
        TIMED
    }

    /** An access passes the token with probability 1 / SWITCH_ONE_IN (the random strategy). */
    static final int SWITCH_ONE_IN = 8;
    /**
     * Cycles the machine clock may jump, every core waiting and no event due sooner, before the idle cores re-poll
     * anyway (a word changed in bulk wakes nobody): 0.1 s of the machine's time.
     */
    static final long STALL_WINDOW = 100_000_000;
    /** Jumps in a row that wake nobody after which a waiter is run anyway, so that its own bound ends the run. */
    static final int MAX_IDLE_JUMPS = 64;
    /** The stall window doubles at most this many times while nothing but re-polls happens. */
    private static final int MAX_JUMP_DOUBLINGS = 16;
    /** The PCT strategy's default depth: two change points. */
    public static final int DEFAULT_PCT_DEPTH = 3;
    /** Steps between two checks of the watchdog (the check reads every core's progress). */
    private static final int WATCHDOG_EVERY = 1 << 14;
    private static final int RUNNABLE = 0;
    private static final int IDLE = 1;
    private static final int SLEEP = 2;
    private static final int ENDED = 3;
    private static final int DEAD = 4;
    private static final String[] STATE_NAMES = {"runnable", "waiting on a word", "in wait", "ended", "dead"};

    private final long seed;
    private final SplittableRandom random;
    private final Clock clock;
    private final List<Processor> cores = new ArrayList<>();
    private Strategy strategy = Strategy.RANDOM;
    private int pctDepth = DEFAULT_PCT_DEPTH;
    private long pctSteps = 1;
    private int[] states;
    /** The runnable cores' slots, in the order they became runnable (first {@link #runCount} entries). */
    private int[] run;
    /** Each slot's index in {@link #run}, or -1. */
    private int[] pos;
    private int runCount;
    private int alive;
    /** Per bucket, the idle cores waiting on it: slot and idle generation packed in a long. */
    private long[][] bucketWaiters = new long[WakeTable.BUCKETS][];
    private int[] bucketCounts = new int[WakeTable.BUCKETS];
    /** Per slot, a count of its idles, so that an entry left in another bucket by an earlier idle is ignored. */
    private int[] idleGen;
    /** Per slot, the machine clock's cycle by which an idle core must look again whatever is written. */
    private long[] lookBy;
    /** Per slot, the cycle a core woken by a jump of the clock resumes at (it waited through the jump), or 0. */
    private long[] wakeFloor;
    /** At most the least {@link #lookBy} of the idle cores (a stale, lower value costs one scan). */
    private long earliestLook = Long.MAX_VALUE;
    // TIMED: the runnable cores but the holder, in a binary heap by (key, rank)
    private int[] heap;
    private int[] heapPos;
    private long[] keys;
    private int[] rank;
    private int heapSize;
    /** The key the holder yields with at an access (its request's arrival less the transit), -1 for its clock. */
    private long yieldKey = -1;
    // PCT
    private long[] priority;
    private long[] changePoints = new long[0];
    private int nextChange;
    private boolean preempt;
    private Runnable onSwitch = () -> { };
    private long cycleLimit = Long.MAX_VALUE;
    /** The core whose end ends the run ({@link #endsWith}), or null. */
    private Processor last;
    private long watchdogCycles;
    /** Per slot, the core's {@link Processor#progress()} when the schedule last looked. */
    private long[] progressSeen;
    /** The sum of every core's progress, kept as the holders change it (only the holder makes progress). */
    private long progressTotal;
    private long quietProgress = -1;
    private long quietSince;
    /** Consecutive stall windows that every core waited through: each doubles the next. */
    private int stallStreak;
    private volatile Processor holder;
    private volatile long steps;
    private long switches;
    /** The carrier of the cores' virtual threads, made with the first of them; null until then or without one. */
    private CoreCarrier carrier;
    private long wakes;

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

    /**
     * @param s     how the next core is chosen; set before the cores start.
     * @param depth the PCT depth d (d - 1 change points), at least 1; ignored by the random strategy.
     * @param k     the PCT estimate of a run's scheduling points, where the change points are drawn; at least 1.
     * @return this.
     */
    public SeededSchedule strategy(final Strategy s, final int depth, final long k)
    {
        if (depth < 1 || k < 1)
        {
            throw new IllegalArgumentException("PCT needs a depth and a step count of at least 1, got " + depth +
                " and " + k);
        }
        this.strategy = s;
        this.pctDepth = depth;
        this.pctSteps = k;
        return this;
    }

    /** @return the strategy. */
    public Strategy strategy()
    {
        return strategy;
    }

    /** @return the scheduling points passed so far (accesses and waits of the token holders). */
    public long steps()
    {
        return steps;
    }

    /** @return the hand-offs of the token so far (each one a thread switch). */
    public long switches()
    {
        return switches;
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

    /**
     * Ends the run when a core ends, as a machine whose power is cut once its supervisor halts: no core gets a turn
     * after it, so what the others did before that turn is all they do, whenever the host then stops their threads.
     * Without it the other cores would run on, in the seed's order, for as long as the host takes to notice the end:
     * a replay would then differ in how far they got.
     *
     * @param core the core whose end is the run's (a hypervisor's shell core), or null for none.
     */
    public void endsWith(final Processor core)
    {
        this.last = core;
    }

    /**
     * @param cycles how many cycles of the machine clock may pass with no core changing step, jumping or waking before
     *               the run faults naming every core (0: no watchdog).
     */
    public void watchdog(final long cycles)
    {
        this.watchdogCycles = cycles;
    }

    @Override
    public boolean deterministic()
    {
        return true;
    }

    @Override
    public synchronized Executor carrier()
    {
        if (carrier == null)
        {
            carrier = CoreThreads.carrier("core carrier, seed " + seed);
        }
        return carrier;
    }

    @Override
    public synchronized void close()
    {
        if (carrier != null)
        {
            carrier.close();
        }
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
            p.slot = cores.size();
            cores.add(p);
            p.schedule(this);
        }
        final int n = cores.size();
        states = new int[n];
        run = new int[n];
        pos = new int[n];
        idleGen = new int[n];
        lookBy = new long[n];
        wakeFloor = new long[n];
        progressSeen = new long[n];
        for (int i = 0; i < n; i++)
        {
            run[i] = i;
            pos[i] = i;
            progressSeen[i] = cores.get(i).progress();
            progressTotal += progressSeen[i];
        }
        runCount = n;
        alive = n;
        if (strategy == Strategy.TIMED)
        {
            heap = new int[n];
            heapPos = new int[n];
            keys = new long[n];
            rank = new int[n];
            final int[] perm = permutation(n);
            for (int i = 0; i < n; i++)
            {
                rank[i] = perm[i];
                heapPos[i] = -1;
            }
            for (int i = 0; i < n; i++)
            {
                heapPush(i, 0);
            }
        }
        if (n > 0)
        {
            cores.get(0).bus().wakes().onWritten(this::written);
        }
        if (strategy == Strategy.PCT)
        {
            // distinct random priorities d .. d + n - 1 (a permutation); change point i lowers the holder to d - i
            priority = new long[n];
            final int[] perm = permutation(n);
            for (int i = 0; i < n; i++)
            {
                priority[i] = pctDepth + perm[i];
            }
            changePoints = new long[pctDepth - 1];
            for (int i = 0; i < changePoints.length; i++)
            {
                changePoints[i] = 1 + random.nextLong(pctSteps);
            }
            Arrays.sort(changePoints);
        }
    }

    /** @return a permutation of 0 .. n - 1 drawn from the seed. */
    private int[] permutation(final int n)
    {
        final int[] perm = new int[n];
        for (int i = 0; i < n; i++)
        {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    @Override
    public boolean timed()
    {
        return strategy == Strategy.TIMED;
    }

    @Override
    public boolean accessAt(final Initiator who, final long arrival)
    {
        if (strategy != Strategy.TIMED)
        {
            access(who);
            return false;
        }
        if (who != holder)
        {
            return false; // a device's transfer on the holder's thread, or a tool: not a scheduling point
        }
        final long s = steps + 1;
        steps = s;
        final Processor me = (Processor)who;
        if ((s & (WATCHDOG_EVERY - 1)) == 0)
        {
            checkBounds(me);
        }
        if (heapSize == 0 || arrival <= keys[heap[0]] + CostModel.TRANSIT)
        {
            return false;
        }
        // another core may reach a target earlier: it goes first, and this one waits with its request's key
        yieldKey = Math.max(me.cycles(), arrival - CostModel.TRANSIT);
        return passTimed(me, true);
    }

    /** Gives the token to the first core: call once every core's thread has started. */
    public void go()
    {
        final Processor first = pick(null);
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
        if (core.slot < 0 || holder != core)
        {
            return;
        }
        noteProgress(core);
        states[core.slot] = ENDED;
        leaveRun(core.slot);
        alive--;
        // the run's last turn: the token goes to nobody, and every other core stays parked until its thread is stopped
        handTo(core == last ? null : pick(core));
    }

    @Override
    public void access(final Initiator who)
    {
        if (who != holder)
        {
            return; // a device's transfer on the holder's thread, or a tool: not a scheduling point
        }
        final long s = steps + 1;
        steps = s;
        final Processor me = (Processor)who;
        if (strategy == Strategy.RANDOM)
        {
            if (random.nextInt(SWITCH_ONE_IN) == 0)
            {
                pass(me);
            }
            return;
        }
        if (strategy == Strategy.TIMED)
        {
            // an access without a known arrival: it leaves at the holder's clock
            if (heapSize > 0 && me.cycles() > keys[heap[0]])
            {
                passTimed(me, true);
            }
            return;
        }
        while (nextChange < changePoints.length && changePoints[nextChange] <= s)
        {
            priority[me.slot] = pctDepth - 1 - nextChange; // below every initial priority, lower at each change
            nextChange++;
            preempt = true;
        }
        if (preempt)
        {
            preempt = false;
            pass(me);
        }
        else if ((s & (WATCHDOG_EVERY - 1)) == 0)
        {
            checkBounds(me);
        }
    }

    @Override
    public boolean idle(final Processor core)
    {
        return idle(core, Long.MAX_VALUE);
    }

    @Override
    public boolean idle(final Processor core, final long untilCycle)
    {
        if (core != holder)
        {
            return false;
        }
        steps++;
        final int i = core.slot;
        final WaitCue cue = core.cue();
        // a deadline the core's own time has reached tells nothing its last look did not (it looked then); one that
        // the clock (the others' time) has passed: the core looks again now, at its deadline
        final long until = untilCycle <= core.cycles() ? Long.MAX_VALUE : untilCycle;
        final boolean due = until <= clock.cycles();
        if (due)
        {
            wakeFloor[i] = Math.max(wakeFloor[i], until);
        }
        if (strategy == Strategy.TIMED && (cue == null || cue.count() == 0 || due) && heapSize > 0)
        {
            // a wait that read nothing it could wait on: it lets the others go past it in virtual time first
            yieldKey = Math.max(core.cycles(), keys[heap[0]] + 1);
        }
        if (cue != null && cue.count() > 0 && !cue.moved() && !due)
        {
            // wait for one of the words read to be written, or for the clock to reach the wait's deadline
            states[i] = IDLE;
            lookBy[i] = until;
            earliestLook = Math.min(earliestLook, until);
            leaveRun(i);
            final int gen = ++idleGen[i];
            for (int w = 0; w < cue.count(); w++)
            {
                addWaiter(cue.bucket(w), (long)gen << 32 | i);
            }
        }
        pass(core);
        states[i] = RUNNABLE;
        resumeAfterJump(core);
        if (cue != null)
        {
            cue.clear();
        }
        return true;
    }

    /** A core woken by a jump of the clock waited through it: its time is at least the jump's end. */
    private void resumeAfterJump(final Processor core)
    {
        final int i = core.slot;
        final long floor = wakeFloor[i];
        if (floor > 0)
        {
            wakeFloor[i] = 0;
            core.counts().clock().atLeast(floor);
        }
    }

    @Override
    public boolean sleep(final Processor core)
    {
        return sleep(core, Long.MAX_VALUE);
    }

    @Override
    public boolean sleep(final Processor core, final long untilCycle)
    {
        if (core != holder)
        {
            return false;
        }
        steps++;
        final int i = core.slot;
        // as for an idle wait: a bound its own time has reached tells nothing new; one the clock has passed is due now
        final long until = untilCycle <= core.cycles() ? Long.MAX_VALUE : untilCycle;
        final boolean due = until <= clock.cycles();
        if (!core.linePending() && !due)
        {
            states[i] = SLEEP;
            lookBy[i] = until;
            earliestLook = Math.min(earliestLook, until);
            leaveRun(i);
        }
        pass(core);
        states[i] = RUNNABLE;
        // woken by a timer or at its bound: either happened at the machine clock's time, which covers any floor a
        // jump set (cleared, so that it does not linger to a later wait)
        wakeFloor[i] = 0;
        core.counts().clock().atLeast(clock.cycles());
        return true;
    }

    @Override
    public void stop(final Processor core)
    {
        if (core != holder)
        {
            return;
        }
        final int i = core.slot;
        states[i] = DEAD;
        leaveRun(i);
        while (!Thread.currentThread().isInterrupted())
        {
            // handed the turn back only when nothing else can run: the run's bounds then end it (checkBounds throws)
            pass(core);
        }
    }

    @Override
    public void stopping(final Processor core)
    {
        final int i = core.slot;
        if (i < 0 || states == null || core == holder || states[i] == ENDED)
        {
            return;
        }
        alive--; // every state but ENDED counts as alive, DEAD too (its thread still passes the turn on)
        states[i] = ENDED;
        leaveRun(i);
    }

    @Override
    public void restarted(final Processor core)
    {
        final int i = core.slot;
        if (i < 0 || states == null || core == holder || states[i] != ENDED)
        {
            return;
        }
        alive++;
        becomeRunnable(i);
    }

    @Override
    public void signal(final Processor core)
    {
        final int i = core.slot;
        if (i >= 0 && states != null && states[i] == SLEEP && holder != null)
        {
            becomeRunnable(i);
        }
    }

    /** The wake table's news, on the holder's thread: a word of this bucket was stored or changed atomically. */
    private void written(final int bucket)
    {
        final int n = bucketCounts[bucket];
        if (n == 0)
        {
            return;
        }
        final long[] list = bucketWaiters[bucket];
        for (int k = 0; k < n; k++)
        {
            final int i = (int)list[k];
            if (states[i] == IDLE && idleGen[i] == (int)(list[k] >>> 32))
            {
                becomeRunnable(i);
            }
        }
        bucketCounts[bucket] = 0;
    }

    private void addWaiter(final int bucket, final long entry)
    {
        long[] list = bucketWaiters[bucket];
        final int n = bucketCounts[bucket];
        if (list == null || n == list.length)
        {
            list = list == null ? new long[4] : Arrays.copyOf(list, 2 * n);
            bucketWaiters[bucket] = list;
        }
        list[n] = entry;
        bucketCounts[bucket] = n + 1;
    }

    /** Wakes an idle core at a jump of the clock: it resumes at the jump's end. */
    private void wakeAt(final int i, final long cycle)
    {
        wakeFloor[i] = Math.max(wakeFloor[i], cycle);
        becomeRunnable(i);
    }

    private void becomeRunnable(final int i)
    {
        states[i] = RUNNABLE;
        if (pos[i] < 0)
        {
            wakes++;
            pos[i] = runCount;
            run[runCount++] = i;
            if (strategy == Strategy.TIMED && heapPos[i] < 0)
            {
                heapPush(i, Math.max(cores.get(i).cycles(), wakeFloor[i]));
            }
            final Processor h = holder;
            if (strategy == Strategy.PCT && h != null && h.slot >= 0 && priority[i] > priority[h.slot])
            {
                preempt = true;
            }
        }
    }

    private void leaveRun(final int i)
    {
        final int p = pos[i];
        if (p < 0)
        {
            return;
        }
        final int last = run[--runCount];
        run[p] = last;
        pos[last] = p;
        pos[i] = -1;
        if (strategy == Strategy.TIMED && heapPos[i] >= 0)
        {
            heapRemove(i);
        }
    }

    // ---- the timed strategy's heap: runnable cores but the holder, least (key, rank) first

    private boolean before(final int a, final int b)
    {
        return keys[a] < keys[b] || keys[a] == keys[b] && rank[a] < rank[b];
    }

    private void heapPush(final int i, final long key)
    {
        keys[i] = key;
        heap[heapSize] = i;
        heapPos[i] = heapSize;
        heapSize++;
        siftUp(heapSize - 1);
    }

    private void heapRemove(final int i)
    {
        final int p = heapPos[i];
        heapSize--;
        if (p != heapSize)
        {
            final int last = heap[heapSize];
            heap[p] = last;
            heapPos[last] = p;
            siftDown(p);
            siftUp(heapPos[last]);
        }
        heapPos[i] = -1;
    }

    private void siftUp(final int from)
    {
        int p = from;
        final int x = heap[p];
        while (p > 0)
        {
            final int parent = (p - 1) >>> 1;
            final int y = heap[parent];
            if (!before(x, y))
            {
                break;
            }
            heap[p] = y;
            heapPos[y] = p;
            p = parent;
        }
        heap[p] = x;
        heapPos[x] = p;
    }

    private void siftDown(final int from)
    {
        int p = from;
        final int x = heap[p];
        while (true)
        {
            int c = 2 * p + 1;
            if (c >= heapSize)
            {
                break;
            }
            if (c + 1 < heapSize && before(heap[c + 1], heap[c]))
            {
                c++;
            }
            final int y = heap[c];
            if (!before(y, x))
            {
                break;
            }
            heap[p] = y;
            heapPos[y] = p;
            p = c;
        }
        heap[p] = x;
        heapPos[x] = p;
    }

    /**
     * The timed strategy's choice: the runnable core of least (key, rank), the holder competing with its clock as key
     * unless the others go first.
     */
    private int nextTimed(final Processor me, final boolean othersFirst)
    {
        final int mine = me == null ? -1 : me.slot;
        final boolean meWaits = mine >= 0 && states[mine] == RUNNABLE && pos[mine] >= 0 && heapPos[mine] < 0;
        if (heapSize == 0)
        {
            yieldKey = -1;
            return mine;
        }
        final int best = heap[0];
        if (meWaits && !othersFirst)
        {
            final long k = me.cycles();
            if (k < keys[best] || k == keys[best] && rank[mine] < rank[best])
            {
                yieldKey = -1;
                return mine;
            }
        }
        heapRemove(best);
        if (meWaits)
        {
            heapPush(mine, yieldKey >= 0 ? yieldKey : me.cycles());
        }
        yieldKey = -1;
        return best;
    }

    private void pass(final Processor me)
    {
        // at a wait (or a stop) the timed strategy runs another core first
        passTimed(me, strategy == Strategy.TIMED);
    }

    /**
     * @param me          the holder.
     * @param othersFirst the timed strategy: another runnable core runs first, even one of greater key.
     * @return whether another core ran (the holder has the token back).
     */
    private boolean passTimed(final Processor me, final boolean othersFirst)
    {
        checkBounds(me);
        final Processor next = pick(me, othersFirst);
        if (next == me)
        {
            return false;
        }
        handTo(next);
        awaitToken(me);
        return true;
    }

    private void checkBounds(final Processor me)
    {
        if (clock.cycles() > cycleLimit)
        {
            throw new CoreFault(me, "deterministic run, seed " + seed + ": virtual time passed its limit of " +
                cycleLimit + " cycles (cycle " + clock.cycles() + "); cores: " + states());
        }
        if (watchdogCycles > 0)
        {
            noteProgress(me);
            if (clock.cycles() >= watchdogFiresAt())
            {
                throw new CoreFault(me, "watchdog: no core made progress for " + watchdogCycles + " cycles " +
                    "(deterministic run, seed " + seed + ", cycle " + clock.cycles() + "); cores: " + states());
            }
        }
    }

    /**
     * Restarts the watchdog's quiet period when the cores' progress moved since it last looked.
     *
     * @return the first cycle of the machine clock at which the watchdog fires if nothing moves meanwhile,
     * {@link Long#MAX_VALUE} without a watchdog.
     */
    private long watchdogFiresAt()
    {
        if (watchdogCycles <= 0)
        {
            return Long.MAX_VALUE;
        }
        if (progressTotal != quietProgress)
        {
            quietProgress = progressTotal;
            quietSince = clock.cycles();
        }
        return quietSince > Long.MAX_VALUE - 1 - watchdogCycles ? Long.MAX_VALUE : quietSince + watchdogCycles + 1;
    }

    /**
     * Adds what the holder's progress moved since the schedule last looked to the total: a core's progress moves only
     * on its own thread, so only while it holds the token, and the total is every core's sum without reading 1024
     * volatile counters at each hand-off.
     */
    private void noteProgress(final Processor me)
    {
        final int i = me.slot;
        final long p = me.progress();
        progressTotal += p - progressSeen[i];
        progressSeen[i] = p;
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

    /**
     * The holder picks the next core among the runnable ones; the clock moves when none is.
     *
     * @param me the holder, or null at the start.
     */
    private Processor pick(final Processor me)
    {
        return pick(me, false);
    }

    private Processor pick(final Processor me, final boolean othersFirst)
    {
        keepClockUp(me);
        if (clock.cycles() >= earliestLook)
        {
            wakeDue();
        }
        boolean stalled = false;
        for (int jumps = 0; ; jumps++)
        {
            if (alive == 0)
            {
                return null;
            }
            if (runCount > 0)
            {
                if (!stalled)
                {
                    stallStreak = 0;
                }
                if (strategy == Strategy.TIMED)
                {
                    final int next = nextTimed(me, othersFirst);
                    if (next >= 0)
                    {
                        return cores.get(next);
                    }
                }
                return cores.get(strategy == Strategy.PCT ? highest() : run[random.nextInt(runCount)]);
            }
            if (jumps > MAX_IDLE_JUMPS || clock.cycles() > cycleLimit || clock.cycles() >= watchdogFiresAt())
            {
                // nothing can happen: let a waiter re-check, so that its own bound ends the run with its name
                return cores.get(anyAlive());
            }
            if (jumps > 0 && me != null && states[me.slot] != ENDED)
            {
                // (an ending core only hands the turn on: a bound it would throw here would escape its thread)
                checkBounds(me);
            }
            stalled |= jump();
        }
    }

    /**
     * The clock passed an idle core's deadline while others ran (their cycles moved it): the core wakes at its
     * deadline, where it resumes.
     */
    private void wakeDue()
    {
        final long now = clock.cycles();
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < states.length; i++)
        {
            if (states[i] != IDLE && states[i] != SLEEP)
            {
                continue;
            }
            if (lookBy[i] <= now)
            {
                wakeAt(i, lookBy[i]);
            }
            else
            {
                earliest = Math.min(earliest, lookBy[i]);
            }
        }
        earliestLook = earliest;
    }

    /**
     * Every core waits: the clock jumps to the next event, the earliest timer expiry or idle core's deadline, and the
     * idle cores whose deadline it reaches wake at it; with no event within the stall window, it jumps by the window
     * and every idle core re-polls.
     *
     * @return true when it was a stall window's jump.
     */
    private boolean jump()
    {
        final long now = clock.cycles();
        long next = clock.nextDue();
        for (int i = 0; i < states.length; i++)
        {
            if ((states[i] == IDLE || states[i] == SLEEP) && lookBy[i] < next)
            {
                next = lookBy[i];
            }
        }
        final long window = STALL_WINDOW << Math.min(stallStreak, MAX_JUMP_DOUBLINGS);
        final boolean stall = next - now > window;
        long to = stall ? now + window : Math.max(next, now + 1);
        // the run's own bounds are events too: the clock stops where they fire, not a doubled window past them
        final long bound = Math.min(cycleLimit == Long.MAX_VALUE ? Long.MAX_VALUE : cycleLimit + 1, watchdogFiresAt());
        if (to > bound && now < bound)
        {
            to = bound;
        }
        clock.advance(to - now);
        if (stall)
        {
            stallStreak++;
        }
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < states.length; i++)
        {
            if (states[i] != IDLE && states[i] != SLEEP)
            {
                continue;
            }
            // (a stall re-polls the idle waiters, whose words may have changed in bulk; a sleeper hears of its lines)
            if (stall && states[i] == IDLE || lookBy[i] <= to)
            {
                wakeAt(i, to);
            }
            else
            {
                earliest = Math.min(earliest, lookBy[i]);
            }
        }
        earliestLook = earliest;
        return stall;
    }

    private int highest()
    {
        int best = run[0];
        for (int k = 1; k < runCount; k++)
        {
            if (priority[run[k]] > priority[best])
            {
                best = run[k];
            }
        }
        return best;
    }

    private int anyAlive()
    {
        for (int i = 0; i < states.length; i++)
        {
            if (states[i] != ENDED && states[i] != DEAD)
            {
                return i;
            }
        }
        for (int i = 0; i < states.length; i++)
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
            b.append(i == 0 ? "" : "; ").append(cores.get(i).name()).append(' ').append(STATE_NAMES[states[i]])
                .append(" in '").append(cores.get(i).phase()).append('\'');
        }
        return b.toString();
    }

    /**
     * The XCU timers follow virtual time: the machine clock is never behind the most advanced core. Only the token
     * holder advances its own cycle counter, so the holder's is the only one that can have passed the clock.
     */
    private void keepClockUp(final Processor me)
    {
        if (me == null)
        {
            return;
        }
        final long now = clock.cycles();
        final long mine = me.cycles();
        if (mine > now)
        {
            clock.advance(mine - now);
        }
    }

    @Override
    public String toString()
    {
        return "seed " + seed + ", " + strategy.name().toLowerCase(java.util.Locale.ROOT) + ", " + steps + " steps, " +
            switches + " switches, " + wakes + " wake-ups";
    }
}
