package org.smpboot.stress.schedule;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * One run of a scenario under the scheduler's control: real threads, of which exactly one runs at any time, handing
 * the processor to each other at the scheduling points of {@link CheckedBuffer} (every word access) and of the wait
 * policy (every idle round).
 *
 * <h2>Decisions</h2>
 * Before each event (an access, a thread's start, a return from a wait) the scheduler decides which thread performs it.
 * The default is the thread that ran last, while it can; switching away from a thread that could go on is a
 * preemption, and at most {@code bound} are made per execution (CHESS: Musuvathi and Qadeer, PLDI 2007, found that
 * nearly every concurrency bug needs at most two). Switching when the running thread ended or waits is free. Each
 * decision with more than one allowed choice is a {@link Decision} of the explorer's depth-first search; a replay
 * follows a {@link Schedule} instead.
 *
 * <h2>Waits</h2>
 * A waiting thread does not spin: it is taken off the processor until another thread writes a word it read since it
 * last waited (its loop would see nothing new before that). Two forms are recognised: an idle round of the wait policy
 * the scenario got from {@link Memory#waitPolicy}, and a load of the word the same thread loaded just before with no
 * write to it in between (any spin loop, whatever its idle strategy). When every live thread waits, the virtual clock
 * jumps by {@link #JUMP_NS} and every waiter runs again, so that bounded waits time out as they would; after
 * {@link #MAX_JUMPS} jumps with no write and no thread ending, the execution is a hang.
 *
 * <h2>The turn</h2>
 * One token, {@code turn}, says who runs: a thread's index, or {@link #CONTROLLER} for the explorer's thread. Only its
 * holder writes it, by handing it on (a volatile write, then an unpark), so the plain per-thread state is always written
 * by one thread at a time and published by the next hand-off. The thread that ends an execution hands the turn back to
 * the controller, which then hands it to each thread still inside, one at a time, to unwind it; a thread leaves its
 * wait only when the turn is handed to it. (An ender that kept the turn could unwind itself while the controller
 * unwound another thread, and the controller, counting ends, took it for the other's and left that one parked inside
 * the old execution for ever: the hang CI met once in 870,000 executions.) Each wait of the controller is bounded: an
 * execution in which no decision is taken for {@link #STALL_NS} fails with what every worker was doing.
 */
final class Execution implements Memory
{
    /** Most threads per scenario. */
    static final int MAX_THREADS = 8;
    /** How far the virtual clock jumps when every live thread waits: past any bound a scenario sets. */
    static final long JUMP_NS = TimeUnit.HOURS.toNanos(1);
    /** Jumps in a row with no progress before the execution counts as a hang. */
    static final int MAX_JUMPS = 2;
    /** Most decisions in one execution (a livelock guard). */
    static final long MAX_STEPS = 200_000;
    /**
     * Loads in a row of one word, with no write to it, after which a thread counts as spinning outside the wait
     * policy. Large, because a loop that reads one word a few times (an arrival roll's bits) is not a spin; only the
     * negative controls spin outside the policy.
     */
    static final int SPIN_LOADS = 16;
    /**
     * Idle rounds a waiter runs without leaving the processor after the clock jumped: a bounded wait reads the clock
     * and runs its liveness check only every 16th round ({@code BoundedWait}'s cadence), and must reach one to time
     * out.
     */
    static final int ROUNDS_AFTER_JUMP = 16;
    /**
     * Host time, with no decision taken, after which the controller reports the execution stuck (a thread blocked
     * outside checked memory, or a defect of the hand-off): decisions take microseconds, so this only fires on a stall.
     */
    static final long STALL_NS = TimeUnit.SECONDS.toNanos(60);
    /** Words remembered per thread between waits; past that, any write wakes the thread. */
    private static final int READ_SET = 32;
    /** {@link #turn} when the explorer's thread holds it: before the first hand-off and after the end. */
    private static final int CONTROLLER = -2;
    private static final VarHandle STEP;

    static
    {
        try
        {
            STEP = MethodHandles.lookup().findVarHandle(Execution.class, "step", long.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int UNSTARTED = 0;
    private static final int READY = 1;
    private static final int WAITING = 2;
    private static final int DONE = 3;
    private static final int KILLED = 4;

    private final Worker[] workers;
    private final int threads;
    private final int bound;
    private final List<Decision> path;
    private final Schedule replay;
    private final List<String> trace;
    private final VirtualClock clock = new VirtualClock();
    private final VisitedStates visited;
    private final long stallNs;
    private final List<CheckedBuffer> buffers = new ArrayList<>();
    private final long[] history;
    private Scenario.Instance instance;
    private boolean pruned;

    // per thread; written only by the thread that runs (handoffs through the volatile turn order them)
    private final int[] state;
    private final Throwable[] errors;
    private final boolean[] resumed;
    private final int[] lastLoad;
    private final int[] sameLoads;
    private final boolean[] lastLoadStale;
    private final int[][] readSet;
    private final int[] reads;
    private final boolean[] dirty;
    private final int[] freeRounds;
    private final int[][] waitSet;
    private final int[] waitCount;

    private volatile int turn = CONTROLLER;
    private volatile boolean aborting;
    private Thread controller;

    /** Decisions taken; written by the turn's holder, read (opaque) by the controller's watch. */
    private long step;
    private int pathPosition;
    private int preemptions;
    private int jumps;
    private int jumpsWithoutProgress;
    private boolean hung;
    private String cutShort;
    private final TreeMap<Long, Integer> choices = new TreeMap<>();
    private final boolean[] finishedNormally = new boolean[MAX_THREADS];
    private final TreeMap<Long, List<Integer>> kills = new TreeMap<>();

    /**
     * @param workers one of the explorer's threads per scenario thread.
     * @param bound   preemptions allowed.
     * @param path    the depth-first search's path: decisions to follow, extended with the new ones (null to replay).
     * @param replay  the schedule to follow (null to search).
     * @param trace   where to write every event, or null.
     * @param visited the states the search already explored, to prune a prefix that reaches one again (null: none).
     * @param stallNs host time without a decision after which the execution is reported stuck ({@link #STALL_NS}).
     */
    Execution(final Worker[] workers, final int bound, final List<Decision> path, final Schedule replay,
        final List<String> trace, final VisitedStates visited, final long stallNs)
    {
        this.stallNs = stallNs;
        this.visited = visited;
        this.history = new long[workers.length];
        this.workers = workers;
        this.threads = workers.length;
        this.bound = bound;
        this.path = path;
        this.replay = replay;
        this.trace = trace;
        state = new int[threads];
        errors = new Throwable[threads];
        resumed = new boolean[threads];
        lastLoad = new int[threads];
        sameLoads = new int[threads];
        lastLoadStale = new boolean[threads];
        readSet = new int[threads][READ_SET];
        reads = new int[threads];
        dirty = new boolean[threads];
        freeRounds = new int[threads];
        waitSet = new int[threads][];
        waitCount = new int[threads];
        Arrays.fill(lastLoad, -1);
    }

    // ----- Memory -----

    @Override
    public AtomicBuffer buffer(final int length)
    {
        final CheckedBuffer buffer = new CheckedBuffer(this, length);
        buffers.add(buffer);
        return buffer;
    }

    @Override
    public WaitPolicy waitPolicy(final long timeoutNs)
    {
        return WaitPolicy.custom("schedule checker", CheckerIdle::new, timeoutNs).withClock(clock);
    }

    @Override
    public VirtualClock clock()
    {
        return clock;
    }

    /** An idle round of the code under check: a scheduling point where the waiter leaves the processor. */
    private final class CheckerIdle implements IdleStrategy
    {
        @Override
        public void idle(final int workCount)
        {
            if (workCount <= 0)
            {
                idle();
            }
        }

        @Override
        public void idle()
        {
            final Thread t = Thread.currentThread();
            if (t instanceof Worker w && w.execution == Execution.this)
            {
                waitRound(w.index);
            }
            else
            {
                Thread.onSpinWait();
            }
        }

        @Override
        public void reset()
        {
        }
    }

    // ----- running one execution (explorer's thread) -----

    /**
     * Runs the instance to its end on the workers.
     *
     * @param instance the scenario's state for this execution.
     * @return how it ended.
     */
    Ending run(final Scenario.Instance instance)
    {
        this.instance = instance;
        controller = Thread.currentThread();
        for (final Worker w : workers)
        {
            awaitLeft(w, stallNs);
            w.execution = this;
        }
        final int first = decide(-1);
        if (first >= 0)
        {
            handTo(first);
            awaitTurnBack("the end of the execution");
        }
        unwind();
        final boolean[] done = new boolean[threads];
        final boolean[] killed = new boolean[threads];
        for (int t = 0; t < done.length; t++)
        {
            killed[t] = wasKilled(t);
            done[t] = finishedNormally[t];
        }
        for (final Worker w : workers)
        {
            w.execution = null;
        }
        return new Ending(errors.clone(), done, killed, jumps, hung, step);
    }

    private boolean wasKilled(final int thread)
    {
        return kills.values().stream().anyMatch(list -> list.contains(thread));
    }

    /**
     * Ends every thread still inside (waiting, killed, or the one that ended the execution) by handing it the turn, so
     * that it unwinds with {@link Abort} and hands the turn back; marks the threads that never started as done.
     */
    private void unwind()
    {
        aborting = true;
        for (int t = 0; t < threads; t++)
        {
            if (state[t] == UNSTARTED)
            {
                state[t] = DONE;
            }
        }
        for (int t = 0; t < threads; t++)
        {
            if (state[t] != DONE)
            {
                handTo(t);
                awaitTurnBack(name(t) + " to unwind");
            }
        }
    }

    /**
     * Waits, as the controller, until the turn comes back to it (woken by the hand-back, looking at the progress every
     * quarter of the stall bound); fails when no decision is taken for the stall bound.
     */
    private void awaitTurnBack(final String what)
    {
        long seen = (long)STEP.getOpaque(this);
        long since = System.nanoTime();
        while (turn != CONTROLLER)
        {
            LockSupport.parkNanos(this, stallNs / 4);
            final long now = (long)STEP.getOpaque(this);
            if (now != seen)
            {
                seen = now;
                since = System.nanoTime();
            }
            else if (turn != CONTROLLER && System.nanoTime() - since >= stallNs)
            {
                throw new IllegalStateException("schedule checker: no decision for " +
                    TimeUnit.NANOSECONDS.toMillis(stallNs) + " ms while waiting for " + what + " (decision " + now +
                    ", turn: " + (turn == CONTROLLER ? "controller" : name(turn)) + ", states " +
                    Arrays.toString(state) + "); " + Worker.describe(workers));
            }
        }
    }

    /** Waits until {@code w} left every earlier execution (it may still be returning from the last one's end). */
    private static void awaitLeft(final Worker w, final long stallNs)
    {
        final long start = System.nanoTime();
        while (w.inside != null)
        {
            if (System.nanoTime() - start >= stallNs)
            {
                throw new IllegalStateException("schedule checker: " + w.getName() + " never left an earlier " +
                    "execution; " + Worker.describe(new Worker[] {w}));
            }
            Thread.yield();
        }
    }

    /** @return the schedule this execution followed. */
    Schedule schedule()
    {
        return Schedule.of(choices, kills);
    }

    /** @return preemptions made. */
    int preemptions()
    {
        return preemptions;
    }

    /** @return a hash of the end: the content of every buffer, and every value each thread read and wrote. */
    long endHash()
    {
        long h = 0;
        for (final CheckedBuffer b : buffers)
        {
            h = VisitedStates.mix(h, b.contentHash(), 0, 0, 0);
        }
        for (int t = 0; t < threads; t++)
        {
            h = VisitedStates.mix(h, history[t], errors[t] == null ? 0 : errors[t].getClass().hashCode(), t, 0);
        }
        return h;
    }

    /** @return true when the execution stopped at a state the search had already explored (nothing to check). */
    boolean pruned()
    {
        return pruned;
    }

    /** @return why the execution was cut short (a hang, a livelock), or null. */
    String cutShort()
    {
        return cutShort;
    }

    // ----- worker side -----

    /** A worker's body for this execution (called on the worker once it was chosen to start). */
    void runThread(final int t)
    {
        state[t] = READY;
        resumed[t] = true; // chosen to start: its first access needs no decision of its own
        note(t, "starts");
        try
        {
            instance.run(t);
            finishedNormally[t] = true;
        }
        catch (final Abort a)
        {
            // unwound by the explorer: killed, or waiting when the execution was cut short
        }
        catch (final Throwable e)
        {
            errors[t] = e;
            finishedNormally[t] = true;
            note(t, "throws " + e);
        }
        threadEnded(t);
    }

    /** Called by {@link CheckedBuffer} before thread {@code t} accesses the word at {@code index}. */
    void beforeAccess(final int t, final CheckedBuffer.Op op, final int index)
    {
        checkAbort();
        if (resumed[t])
        {
            resumed[t] = false;
            return;
        }
        final int word = index >> 3;
        if (!op.writes && lastLoad[t] == word && !lastLoadStale[t] && sameLoads[t] >= SPIN_LOADS)
        {
            // a spin outside the wait policy: the same word loaded again and again, nobody writing it, reads the same
            // value each time; wait for a write to it
            waitSet[t] = new int[] {word};
            waitCount[t] = 1;
            block(t);
            resumed[t] = false;
            return;
        }
        final int next = decide(t);
        if (next < 0)
        {
            end();
            parkUntilUnwound(t);
        }
        if (next != t)
        {
            switchTo(t, next);
        }
        resumed[t] = false;
    }

    /** Called by {@link CheckedBuffer} after thread {@code t} accessed the word at {@code index}. */
    void afterAccess(final int t, final CheckedBuffer.Op op, final int index, final boolean changed, final long value)
    {
        final int word = index >> 3;
        history[t] = VisitedStates.mix(history[t], op.ordinal(), index, value, clock.elapsedNs());
        if (changed)
        {
            lastLoad[t] = -1;
            reads[t] = 0; // a wait loop only reads: what this thread read before it wrote is not what it waits on
            dirty[t] = false;
            jumpsWithoutProgress = 0;
            for (int u = 0; u < threads; u++)
            {
                if (u == t)
                {
                    continue;
                }
                if (state[u] == WAITING && waits(u, word))
                {
                    state[u] = READY;
                    resumed[u] = true;
                }
                if (reads[u] > READ_SET || contains(readSet[u], reads[u], word))
                {
                    dirty[u] = true;
                }
                if (lastLoad[u] == word)
                {
                    lastLoadStale[u] = true;
                }
            }
        }
        else
        {
            if (op == CheckedBuffer.Op.CAS_FAILED)
            {
                lastLoad[t] = -1; // what a failed CAS tells its thread is not what a load of the word tells it
            }
            else if (lastLoad[t] == word && !lastLoadStale[t])
            {
                sameLoads[t]++;
            }
            else
            {
                lastLoad[t] = word;
                sameLoads[t] = 1;
            }
            lastLoadStale[t] = false;
            if (reads[t] < READ_SET)
            {
                if (!contains(readSet[t], reads[t], word))
                {
                    readSet[t][reads[t]++] = word;
                }
            }
            else
            {
                reads[t] = READ_SET + 1; // overflow: any write may matter
            }
        }
        if (trace != null)
        {
            final String name = instance.describe(index);
            note(t, op.text + " @" + index + (name != null ? " (" + name + ")" : "") + (changed || op.writes ?
                " <- " : " -> ") + value + (value > 9 || value < -9 ? " (0x" + Long.toHexString(value) + ")" : ""));
        }
    }

    /** An idle round of the wait policy: leave the processor until a word read since the last round changes. */
    void waitRound(final int t)
    {
        checkAbort();
        history[t] = VisitedStates.mix(history[t], -1, 0, 0, clock.elapsedNs());
        if (freeRounds[t] > 0)
        {
            freeRounds[t]--;
        }
        else if (!dirty[t])
        {
            if (reads[t] > READ_SET || reads[t] == 0)
            {
                waitSet[t] = null; // any write
            }
            else
            {
                waitSet[t] = Arrays.copyOf(readSet[t], reads[t]);
                waitCount[t] = reads[t];
            }
            block(t);
        }
        // a new round of the waiter's loop starts here
        reads[t] = 0;
        dirty[t] = false;
        lastLoad[t] = -1;
    }

    private boolean waits(final int t, final int word)
    {
        return waitSet[t] == null || contains(waitSet[t], waitCount[t], word);
    }

    private static boolean contains(final int[] words, final int count, final int word)
    {
        for (int i = 0; i < count && i < words.length; i++)
        {
            if (words[i] == word)
            {
                return true;
            }
        }
        return false;
    }

    /** Thread {@code t} waits: hand the processor to another, and return once chosen again. */
    private void block(final int t)
    {
        state[t] = WAITING;
        note(t, "waits");
        final int next = decide(t);
        if (next < 0)
        {
            end();
            parkUntilUnwound(t);
        }
        if (next != t)
        {
            switchTo(t, next);
        }
        note(t, "resumes");
    }

    private void threadEnded(final int t)
    {
        if (aborting)
        {
            state[t] = DONE;
            handBack();
            return;
        }
        state[t] = DONE;
        jumpsWithoutProgress = 0;
        final int next = decide(t);
        if (next < 0)
        {
            end();
        }
        else
        {
            handTo(next);
        }
    }

    private void checkAbort()
    {
        if (aborting)
        {
            throw Abort.INSTANCE;
        }
    }

    /** The execution is over: the turn goes back to the controller, which unwinds the threads still inside. */
    private void end()
    {
        handBack();
    }

    private void handBack()
    {
        turn = CONTROLLER;
        LockSupport.unpark(controller);
    }

    private void handTo(final int next)
    {
        turn = next;
        LockSupport.unpark(workers[next]);
    }

    private void switchTo(final int from, final int to)
    {
        handTo(to);
        while (turn != from)
        {
            LockSupport.park(this);
        }
        checkAbort();
    }

    /** Waits, after {@link #end()}, until the controller hands the turn back to unwind this thread. */
    private void parkUntilUnwound(final int t)
    {
        while (!(aborting && turn == t))
        {
            LockSupport.park(this);
        }
        throw Abort.INSTANCE;
    }

    // ----- decisions -----

    private boolean enabled(final int t)
    {
        return state[t] == READY || state[t] == UNSTARTED;
    }

    /**
     * Decides who performs the next event.
     *
     * @param previous the thread that ran last (-1 at the start).
     * @return the thread, or -1 when the execution is over (every thread ended, a hang, a livelock).
     */
    private int decide(final int previous)
    {
        if (step >= MAX_STEPS)
        {
            cutShort = "livelock: " + MAX_STEPS + " decisions without an end";
            hung = true;
            return -1;
        }
        final List<Integer> killNow = replay != null ? replay.killsAt(step) : null;
        if (killNow != null)
        {
            for (final int k : killNow)
            {
                kill(k);
            }
        }
        int mask = enabledMask();
        while (mask == 0)
        {
            if (allEnded())
            {
                return -1;
            }
            if (jumpsWithoutProgress >= MAX_JUMPS)
            {
                hung = true;
                cutShort = "hang: every live thread waits and " + MAX_JUMPS + " jumps of the clock changed nothing";
                return -1;
            }
            clock.advance(JUMP_NS);
            jumps++;
            jumpsWithoutProgress++;
            note(-1, "every live thread waits: the clock jumps " + TimeUnit.NANOSECONDS.toSeconds(JUMP_NS) + " s");
            for (int u = 0; u < threads; u++)
            {
                if (state[u] == WAITING)
                {
                    state[u] = READY;
                    resumed[u] = true;
                }
                dirty[u] = true;
                lastLoadStale[u] = true;
                freeRounds[u] = ROUNDS_AFTER_JUMP;
            }
            mask = enabledMask();
        }
        // only past the replayed prefix: the prefix revisits, by design, states the search recorded on its way down
        if (visited != null && pathPosition >= path.size() && visited.seen(stateHash(previous), preemptions))
        {
            pruned = true; // every continuation from here was explored with at least this many preemptions left
            note(-1, "state already explored: the execution stops here");
            return -1;
        }
        final boolean previousCanGoOn = previous >= 0 && (mask & 1 << previous) != 0;
        final int byDefault = previousCanGoOn ? previous : Integer.numberOfTrailingZeros(mask);
        final long s = step;
        STEP.setOpaque(this, s + 1);
        int choice = byDefault;
        if (replay != null)
        {
            final Integer forced = replay.runAt(s);
            if (forced != null)
            {
                if (forced < 0 || forced >= threads || (mask & 1 << forced) == 0)
                {
                    throw new IllegalArgumentException("schedule does not fit: at decision " + s + " thread " +
                        forced + " cannot run (runnable: " + Integer.toBinaryString(mask) + ")");
                }
                choice = forced;
            }
        }
        else
        {
            int alternatives = mask & ~(1 << byDefault);
            if (previousCanGoOn && preemptions >= bound)
            {
                alternatives = 0;
            }
            if (alternatives != 0)
            {
                if (pathPosition < path.size())
                {
                    final Decision d = path.get(pathPosition++);
                    if (d.step != s || d.byDefault != byDefault || d.alternatives != alternatives)
                    {
                        throw new IllegalStateException("the scenario is not deterministic: decision " + s +
                            " offers " + byDefault + "/" + Integer.toBinaryString(alternatives) + " where an earlier " +
                            "execution had decision " + d.step + " offer " + d.byDefault + "/" +
                            Integer.toBinaryString(d.alternatives));
                    }
                    choice = d.choice();
                }
                else
                {
                    path.add(new Decision(s, byDefault, alternatives));
                    pathPosition++;
                }
            }
        }
        if (choice != byDefault)
        {
            choices.put(s, choice);
        }
        if (previousCanGoOn && choice != previous)
        {
            preemptions++;
            note(-1, "preemption " + preemptions + ": " + name(choice) + " runs instead of " + name(previous));
        }
        return choice;
    }

    /**
     * Everything the rest of the execution depends on, but the preemptions left: the memory, each thread's local
     * state (a hash of every value it read, which with its code determines it), what the scheduler knows of each
     * thread, the thread that ran last, and the clock.
     */
    private long stateHash(final int previous)
    {
        long h = VisitedStates.mix(previous, jumpsWithoutProgress, 0, 0, clock.elapsedNs());
        for (final CheckedBuffer b : buffers)
        {
            h = VisitedStates.mix(h, 1, 0, b.contentHash(), 0);
        }
        for (int t = 0; t < threads; t++)
        {
            long set = 0;
            final int n = Math.min(reads[t], READ_SET);
            for (int i = 0; i < n; i++)
            {
                set ^= VisitedStates.mix(7, readSet[t][i], 0, 0, 0);
            }
            long waits = 0;
            if (state[t] == WAITING)
            {
                if (waitSet[t] == null)
                {
                    waits = -1;
                }
                else
                {
                    for (int i = 0; i < waitCount[t]; i++)
                    {
                        waits ^= VisitedStates.mix(11, waitSet[t][i], 0, 0, 0);
                    }
                }
            }
            h = VisitedStates.mix(h, state[t], history[t], set ^ (reads[t] > READ_SET ? 13 : reads[t]), waits);
            h = VisitedStates.mix(h, (resumed[t] ? 1 : 0) | (dirty[t] ? 2 : 0) | (lastLoadStale[t] ? 4 : 0),
                lastLoad[t], sameLoads[t], freeRounds[t]);
        }
        return h;
    }

    private void kill(final int t)
    {
        if (t < 0 || t >= threads)
        {
            throw new IllegalArgumentException("schedule kills thread " + t + "; there are " + threads);
        }
        if (state[t] == DONE || state[t] == KILLED)
        {
            return;
        }
        kills.computeIfAbsent(step, s -> new ArrayList<>()).add(t);
        note(-1, name(t) + " is killed");
        state[t] = state[t] == UNSTARTED ? DONE : KILLED;
        jumpsWithoutProgress = 0;
    }

    private int enabledMask()
    {
        int mask = 0;
        for (int t = 0; t < threads; t++)
        {
            if (enabled(t))
            {
                mask |= 1 << t;
            }
        }
        return mask;
    }

    private boolean allEnded()
    {
        for (int t = 0; t < threads; t++)
        {
            if (state[t] != DONE && state[t] != KILLED)
            {
                return false;
            }
        }
        return true;
    }

    private String name(final int t)
    {
        return t < 0 ? "scheduler" : instance.threadName(t);
    }

    private void note(final int t, final String what)
    {
        if (trace != null)
        {
            trace.add(String.format("%6d %-10s %s", step, name(t), what));
        }
    }

    /** Thrown into a parked thread to unwind it when the execution is over. Not a failure of the code under check. */
    static final class Abort extends Error
    {
        private static final long serialVersionUID = 1L;
        static final Abort INSTANCE = new Abort();

        private Abort()
        {
            super("execution over", null, false, false);
        }
    }

    /**
     * A decision point of the depth-first search: the default choice and the others the preemption bound allows.
     * {@link #next} walks the alternatives.
     */
    static final class Decision
    {
        final long step;
        final int byDefault;
        final int alternatives;
        private int taken = -1;

        Decision(final long step, final int byDefault, final int alternatives)
        {
            this.step = step;
            this.byDefault = byDefault;
            this.alternatives = alternatives;
        }

        int choice()
        {
            return taken < 0 ? byDefault : taken;
        }

        /** @return true when another alternative was taken, false when all were tried. */
        boolean next()
        {
            final int remaining = taken < 0 ? alternatives : alternatives & ~((1 << (taken + 1)) - 1);
            if (remaining == 0)
            {
                return false;
            }
            taken = Integer.numberOfTrailingZeros(remaining);
            return true;
        }
    }

    /** A thread of the explorer's pool; runs one scenario thread per execution, when its turn comes. */
    static final class Worker extends Thread
    {
        final int index;
        volatile Execution execution;
        /** The execution this worker runs a thread of, until it has left it (null between executions). */
        volatile Execution inside;
        private volatile boolean shutdown;

        Worker(final int index)
        {
            super("schedule-checker-" + index);
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run()
        {
            while (!shutdown)
            {
                final Execution ex = execution;
                if (ex == null || ex.turn != index || ex.state[index] != UNSTARTED || ex.aborting)
                {
                    LockSupport.park(this);
                    continue;
                }
                inside = ex;
                ex.runThread(index);
                inside = null;
            }
        }

        /** @return what each worker is doing: its state and the top of its stack, for a stall's report. */
        static String describe(final Worker[] workers)
        {
            final StringBuilder b = new StringBuilder("workers:");
            for (final Worker w : workers)
            {
                b.append(' ').append(w.getName()).append(' ').append(w.getState());
                final StackTraceElement[] stack = w.getStackTrace();
                for (int i = 0; i < Math.min(6, stack.length); i++)
                {
                    b.append(i == 0 ? " at " : " < ").append(stack[i].getClassName()
                        .substring(stack[i].getClassName().lastIndexOf('.') + 1)).append('.')
                        .append(stack[i].getMethodName()).append(':').append(stack[i].getLineNumber());
                }
                b.append(';');
            }
            return b.toString();
        }

        void shutdown()
        {
            shutdown = true;
            LockSupport.unpark(this);
        }
    }

    /** @return the choices made, keyed by decision (for tests). */
    Map<Long, Integer> choices()
    {
        return choices;
    }
}
