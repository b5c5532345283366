package org.smpboot.sim.hw;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.smpboot.runtime.wait.BoundedWait;
import org.smpboot.runtime.wait.DeadlineAware;
import org.smpboot.runtime.wait.WaitInterruptedException;
import org.smpboot.runtime.wait.WaitPolicy;

import org.smpboot.sim.trace.BarrierLog;
import org.smpboot.sim.trace.EventKind;
import org.smpboot.sim.trace.Trace;

/**
 * One simulated core: a platform thread, a read-only hardware id, the two address-extension registers of TSAR's
 * MIPS32 cores (DATA, CP2 {@code $24}, and INSTRUCTION), both 0 at reset, so that every core starts fetching and
 * accessing data in cluster 0 (DESIGN.md 3.2), and a stack pointer, poisoned at reset ({@link StackRegister}).
 *
 * <p>Addressing: with the MMU off, a data access to the 32-bit address {@code a} goes to physical
 * {@code DATA << 32 | a}; a jump to {@code a} lands on {@code INSTRUCTION << 32 | a}, where {@link CodeMap} must find
 * a function of a loaded image whose bytes are really there. The {@code remote*} accessors take the cluster
 * explicitly, as ALMOS-MKH's {@code hal_remote_*} helpers do by saving, setting and restoring DATA.
 *
 * <p>Execution is a trampoline: the core runs the entry bound to its current address, which returns the next one,
 * until {@link #HALT} or a fault. A fault (any exception) stops this core only and is reported to the machine.
 *
 * <p>Hypervisor mode: once the core activates a HAT ({@link #space(AddressSpace)}), its accesses are issued in the
 * HAT's space (the {@link Bus} translates them), its jumps resolve in the space's code map and {@link #gid()} reads
 * the id the space gives it; {@link #restart(int)} brings a stopped core back to the hypervisor's code.
 *
 * <p>Thread safety: the registers are written only by the core's own thread; they are volatile so that tools
 * (memory maps, the watchdog, the code-overwrite check) read a recent value.
 */
public final class Processor implements Initiator
{
    /** Returned by a {@link CodeEntry} to stop the core. */
    public static final long HALT = -1L;

    /** What a core is doing, for tools. */
    public enum State
    {
        /** Held in reset, or not started. */
        RESET,
        /** Running code. */
        RUNNING,
        /** In a wait loop or a {@code wait}. */
        WAITING,
        /** Ended by its code. */
        HALTED,
        /** Ended by a fault. */
        FAULTED
    }

    private final int gid;
    private final int cxy;
    private final int lid;
    private final Bus bus;
    private final CodeMap code;
    private final AccessCounts counts;
    private final Consumer<CoreFault> faults;
    private final String name;
    private final WaitCue cue;

    private volatile int dataExt;
    private volatile int instExt;
    private volatile String phase = "reset";
    private volatile State state = State.RESET;
    private final StackRegister stack = new StackRegister(this);
    private volatile int a0;
    private volatile CodeMap.Resolved current;
    private volatile BooleanSupplier interruptPending = () -> false;
    private volatile Thread thread;
    private volatile Thread waiter;
    private volatile Trace trace;
    private volatile long progress;
    private volatile Consumer<Processor> stepHook;
    private volatile AddressSpace space;
    private volatile Schedule schedule = Schedule.PARALLEL;
    private volatile NanoClock time = System::nanoTime;
    /** This core's index in a deterministic schedule, -1 outside one (the schedule's own bookkeeping). */
    int slot = -1;
    private final PollLog polls = new PollLog();
    private final InstructionCache icache;
    private volatile StepClasses stepClasses = StepClasses.NONE;
    private volatile BarrierLog barrierLog;

    /**
     * @param gid    hardware id, {@code cxy << p_width | lid}.
     * @param cxy    cluster.
     * @param lid    local index.
     * @param bus    the bus.
     * @param code   the code map that resolves jumps.
     * @param faults told of this core's fault, once.
     */
    public Processor(final int gid, final int cxy, final int lid, final Bus bus, final CodeMap code,
        final Consumer<CoreFault> faults)
    {
        this(gid, cxy, lid, bus, code, faults, InstructionCache.tsar(64));
    }

    /**
     * @param gid    hardware id, {@code cxy << p_width | lid}.
     * @param cxy    cluster.
     * @param lid    local index.
     * @param bus    the bus.
     * @param code   the code map that resolves jumps.
     * @param faults told of this core's fault, once.
     * @param icache its L1 instruction cache (the machine's configuration: one built here and replaced was 1,024
     *               caches of garbage on a 16x16x4 machine).
     */
    Processor(final int gid, final int cxy, final int lid, final Bus bus, final CodeMap code,
        final Consumer<CoreFault> faults, final InstructionCache icache)
    {
        this.icache = icache;
        this.gid = gid;
        this.cxy = cxy;
        this.lid = lid;
        this.bus = bus;
        this.code = code;
        this.faults = faults;
        this.counts = new AccessCounts(cxy);
        this.name = "core[" + PhysicalAddress.hex(cxy, 2) + "," + lid + "] gid " + PhysicalAddress.hex(gid, 3);
        this.cue = bus == null ? null : new WaitCue(bus.wakes());
    }

    /** @return the places its last requests took in their targets' queues, for a wait loop to give back. */
    PollLog polls()
    {
        return polls;
    }

    /** @return its L1 instruction cache. */
    public InstructionCache icache()
    {
        return icache;
    }

    /**
     * @param classes how its steps are classed for counting ({@link AccessCounts}); set before the core starts.
     */
    public void stepClasses(final StepClasses classes)
    {
        this.stepClasses = classes;
    }

    /**
     * @param log where its barrier episodes are recorded, or null; set before the core starts.
     */
    void barrierLog(final BarrierLog log)
    {
        this.barrierLog = log;
    }

    @Override
    public void rendezvous(final String barrier, final int parties, final boolean arrival)
    {
        final BarrierLog log = barrierLog;
        if (log != null)
        {
            if (arrival)
            {
                log.arrive(barrier, gid, parties, cycles());
            }
            else
            {
                log.release(barrier, gid, cycles());
            }
        }
    }

    /** @return what the core read since it last idled, for its waits to park on. */
    public WaitCue cue()
    {
        return cue;
    }

    /**
     * @return the core's cycle counter (CP0 {@code $9}, count): the virtual time its accesses and waits reached, 0 on
     * a core outside a machine's cost model.
     */
    public long cycles()
    {
        final CycleCounter c = counts.clock();
        return c == null ? 0 : c.now();
    }

    /**
     * The machine's time base, as the software running on this core reads it for its deadlines, periods and
     * heartbeats (hand it to a bounded wait as its clock): in a deterministic run this core's own cycle counter in
     * virtual time (cycles at 1 GHz, as a MIPS core reads its CP0 Count; a wait through a jump of the machine clock
     * resumes at the jump's end), so a deadline passes at the same point of every replay; in a parallel run the host's monotonic clock,
     * which the XCU timers follow.
     *
     * @return the clock, in nanoseconds.
     */
    public NanoClock time()
    {
        return time;
    }

    /**
     * @param clock the machine's time base; set by the machine before the core starts.
     */
    void time(final NanoClock clock)
    {
        this.time = clock;
    }

    /**
     * Stalls the core for a time (fault injection: a core slowed down): in a deterministic run its cycle counter moves
     * on by that much virtual time and no host time passes; in a parallel run its thread sleeps.
     *
     * @param nanos how long.
     * @throws InterruptedException when the core is stopped meanwhile (parallel).
     */
    public void stall(final long nanos) throws InterruptedException
    {
        if (schedule.deterministic())
        {
            final CycleCounter c = counts.clock();
            if (c != null)
            {
                c.advance(nanos * Machine.CYCLES_PER_MICRO / 1000);
            }
            return;
        }
        TimeUnit.NANOSECONDS.sleep(nanos);
    }

    /**
     * Stops the core dead (fault injection): no further access, no step, no fault of its own, until the machine stops
     * it. In a deterministic run the core leaves the schedule for good (the others run on; the run's own bounds end
     * it if it cannot complete without this core).
     *
     * @throws CoreFault when the schedule ends the run at one of its bounds while this core holds the turn.
     */
    public void hang()
    {
        progress++;
        schedule.stop(this);
        while (!Thread.currentThread().isInterrupted())
        {
            LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
        }
    }

    /** @return who runs when: {@link Schedule#PARALLEL} unless the machine runs deterministically. */
    public Schedule schedule()
    {
        return schedule;
    }

    /**
     * @param s the schedule, set before the core starts.
     */
    public void schedule(final Schedule s)
    {
        this.schedule = s;
    }

    /**
     * @return what the id register (CP0 {@code $15, 1}) reads: the hardware id, or the id the active HAT gives this
     * core in its instance's numbering.
     */
    public int gid()
    {
        final AddressSpace s = space;
        return s == null ? gid : s.gid(gid);
    }

    /** @return the read-only hardware id, whatever HAT is active. */
    public int hardwareGid()
    {
        return gid;
    }

    @Override
    public AddressSpace space()
    {
        return space;
    }

    /**
     * Activates a HAT (or deactivates it, with null): from the next access on, the core issues addresses of that
     * space. Only the core's own thread, or the hypervisor while the core is stopped, calls it.
     *
     * @param s the space, or null for the machine's.
     */
    public void space(final AddressSpace s)
    {
        this.space = s;
    }

    @Override
    public int cxy()
    {
        return cxy;
    }

    /** @return the index in the cluster. */
    public int lid()
    {
        return lid;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public String phase()
    {
        return phase;
    }

    /**
     * Ends the current step and begins another: bus errors and the watchdog name it, the trace shows it as a slice.
     *
     * @param phase what the core does now.
     */
    public void phase(final String phase)
    {
        final Trace t = trace;
        if (t != null)
        {
            final long c = cycles();
            t.record(EventKind.STEP, this.phase, 'E', cxy, gid, name, Map.of(), c);
            t.record(EventKind.STEP, phase, 'B', cxy, gid, name, Map.of(), c);
        }
        this.phase = phase;
        counts.step(stepClasses.classify(phase));
        progress++;
        final Consumer<Processor> hook = stepHook;
        if (hook != null)
        {
            hook.accept(this);
        }
    }

    /**
     * Fault injection: runs a hook on the core's own thread at every step it begins (after {@link #phase(String)}
     * names it), to slow the core down or stop it there.
     *
     * @param hook the hook (may throw {@link CoreFault}), or null for none.
     */
    public void stepHook(final Consumer<Processor> hook)
    {
        this.stepHook = hook;
    }

    /**
     * @return a count that grows whenever the core changes step, jumps or wakes: the watchdog's sign of life.
     */
    public long progress()
    {
        return progress;
    }

    /**
     * @param t the trace to record this core's events in, or null; set before the core starts.
     */
    public void trace(final Trace t)
    {
        this.trace = t;
    }

    @Override
    public void trace(final EventKind kind, final String what, final Map<String, Object> args)
    {
        final Trace t = trace;
        if (t != null)
        {
            t.record(kind, what, 'i', cxy, gid, name, args, cycles());
        }
    }

    @Override
    public AccessCounts counts()
    {
        return counts;
    }

    /** @return the bus. */
    public Bus bus()
    {
        return bus;
    }

    /** @return the DATA extension register: the cluster of data accesses. */
    public int dataExt()
    {
        return dataExt;
    }

    /**
     * @param cxy the cluster data accesses go to from now on.
     */
    public void dataExt(final int cxy)
    {
        this.dataExt = cxy & 0xFF;
    }

    /** @return the INSTRUCTION extension register: the cluster the core fetches code from. */
    public int instExt()
    {
        return instExt;
    }

    /**
     * @param cxy the cluster the core fetches code from after its next jump.
     */
    public void instExt(final int cxy)
    {
        this.instExt = cxy & 0xFF;
    }

    /** @return the state. */
    public State state()
    {
        return state;
    }

    /** @return the 32-bit address of the function running now, 0 before the first jump. */
    public int pc()
    {
        final CodeMap.Resolved r = current;
        return r == null ? 0 : r.address();
    }

    /** @return the name of the function running now, "" before the first jump. */
    public String function()
    {
        final CodeMap.Resolved r = current;
        return r == null ? "" : r.symbol();
    }

    /** @return the function running now (image, symbol, address, size), or null before the first jump. */
    public CodeMap.Resolved executing()
    {
        return current;
    }

    /**
     * Calls a function of the image this core runs, inline (the Java behaviour of the caller does what it does): its
     * code goes through the core's L1 instruction cache, fetched from the INSTRUCTION cluster on a miss
     * ({@link CodeMap#call}).
     *
     * @param symbol the function.
     */
    public void call(final String symbol)
    {
        final AddressSpace s = space;
        (s == null ? code : s.code()).call(this, symbol);
    }

    /** @return argument register {@code a0}: what a jump passes to the function it lands on. */
    public int a0()
    {
        return a0;
    }

    /**
     * @param value the first argument of the next function (kernel_init's boot_info pointer).
     */
    public void a0(final int value)
    {
        this.a0 = value;
    }

    /** @return the stack pointer, a 32-bit address in the cluster of the stack ({@link #stack()}). */
    public int sp()
    {
        return stack.sp();
    }

    /** @return the stack-pointer register and the frames pushed through it. */
    public StackRegister stack()
    {
        return stack;
    }

    /**
     * @param vaddr a 32-bit address in the DATA cluster.
     * @return the word.
     */
    public int lw(final int vaddr)
    {
        return bus.read32(this, PhysicalAddress.of(dataExt, vaddr));
    }

    /**
     * @param vaddr a 32-bit address in the DATA cluster.
     * @param value the word.
     */
    public void sw(final int vaddr, final int value)
    {
        bus.write32(this, PhysicalAddress.of(dataExt, vaddr), value);
    }

    /**
     * @param cxy   the cluster.
     * @param vaddr a 32-bit address in it.
     * @return the word.
     */
    public int remoteLw(final int cxy, final int vaddr)
    {
        return bus.read32(this, PhysicalAddress.of(cxy, vaddr));
    }

    /**
     * @param cxy   the cluster.
     * @param vaddr a 32-bit address in it.
     * @param value the word.
     */
    public void remoteSw(final int cxy, final int vaddr, final int value)
    {
        bus.write32(this, PhysicalAddress.of(cxy, vaddr), value);
    }

    /**
     * @param cxy      the cluster.
     * @param vaddr    a 32-bit address in it.
     * @param expected the value the word must hold.
     * @param update   the value to store.
     * @return whether it swapped ({@code hal_remote_atomic_cas}).
     */
    public boolean remoteCas(final int cxy, final int vaddr, final int expected, final int update)
    {
        return bus.cas32(this, PhysicalAddress.of(cxy, vaddr), expected, update);
    }

    /**
     * @param cxy   the cluster.
     * @param vaddr a 32-bit address in it.
     * @param delta what to add.
     * @return the value before ({@code hal_remote_atomic_add}).
     */
    public int remoteAtomicAdd(final int cxy, final int vaddr, final int delta)
    {
        return bus.getAndAdd32(this, PhysicalAddress.of(cxy, vaddr), delta);
    }

    /**
     * A window of RAM for the runtime's flyweights, counted as this core's accesses; use it from this core only.
     *
     * @param cxy    the cluster.
     * @param vaddr  8-aligned 32-bit address in it.
     * @param length bytes.
     * @return the window.
     */
    public CountedWindow window(final int cxy, final int vaddr, final int length)
    {
        return bus.window(this, PhysicalAddress.of(cxy, vaddr), length);
    }

    /**
     * Connects the core to its XCU output lines (the machine does it once, before {@link #start(int)}).
     *
     * @param pending whether any of this core's lines is asserted.
     */
    public void connect(final BooleanSupplier pending)
    {
        this.interruptPending = pending;
    }

    /**
     * The XCU calls this when one of the core's output lines rises: a core in {@code wait} wakes and re-checks.
     */
    public void signal()
    {
        schedule.signal(this);
        final Thread t = waiter;
        if (t != null)
        {
            LockSupport.unpark(t);
        }
    }

    /** @return whether one of the core's XCU output lines is up (for the schedule, from the token holder). */
    boolean linePending()
    {
        return interruptPending.getAsBoolean();
    }

    /**
     * MIPS {@code wait}: sleeps until one of the core's XCU output lines is asserted, whatever the interrupt mask
     * in SR (the preloader waits with interrupts disabled, reference almos-mkh.md 9.9). Returns at once when a line
     * is already up.
     *
     * @param timeoutNanos how long at most.
     * @param awaited      what the core waits for, named in the timeout fault.
     * @throws CoreFault when the time runs out.
     */
    public void waitForInterrupt(final long timeoutNanos, final String awaited)
    {
        final State before = state;
        state = State.WAITING;
        // Published before the line is checked: a line that rises after the check finds the waiter and unparks it.
        waiter = Thread.currentThread();
        try
        {
            progress++;
            if (interruptPending.getAsBoolean())
            {
                return;
            }
            // the machine's clock bounds the wait: virtual time in a deterministic run, so it ends at the same cycle
            final WaitPolicy policy = WaitPolicy.custom("MIPS wait", () -> new WaitIdle(timeoutNanos), timeoutNanos)
                .withClock(time);
            final BoundedWait wait = BoundedWait.begin(policy, (context, waitedNs) -> new CoreFault(this, "wait for " +
                awaited + " timed out after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms with no XCU " +
                "output line raised"), 0);
            try
            {
                do
                {
                    wait.idle();
                }
                while (!interruptPending.getAsBoolean());
                wait.end();
            }
            catch (final WaitInterruptedException e)
            {
                throw new CoreFault(this, "stopped while waiting for " + awaited);
            }
        }
        finally
        {
            waiter = null;
            state = before;
            progress++;
        }
    }

    /**
     * How {@code wait} idles: a deterministic schedule runs the other cores until a line rises or the wait's bound
     * comes; in parallel the thread parks with no polling period, so that only {@link #signal()}, an interrupt or the
     * deadline ends the park (a lost wake-up shows as a timeout instead of hiding behind a poll).
     */
    private final class WaitIdle implements IdleStrategy, DeadlineAware
    {
        private final long deadline;
        /** The machine clock's cycle by which the next round must look again, told by the bounded wait. */
        private long lookBy = Long.MAX_VALUE;

        WaitIdle(final long timeoutNanos)
        {
            this.deadline = time.nanoTime() + timeoutNanos;
        }

        @Override
        public void idle(final int workCount)
        {
            idle();
        }

        @Override
        public void lookBy(final long nanoTime)
        {
            lookBy = TimedIdle.cycleOf(nanoTime);
        }

        @Override
        public void idle()
        {
            final long until = lookBy;
            lookBy = Long.MAX_VALUE;
            // a deterministic run wakes the core at its bound too, the same cycle in every replay
            if (!schedule.sleep(Processor.this, until))
            {
                final long left = deadline - time.nanoTime();
                if (left > 0)
                {
                    LockSupport.parkNanos(Processor.this, left);
                }
            }
        }

        @Override
        public void reset()
        {
        }
    }

    /**
     * Starts the core's thread at a reset address, fetched from cluster 0 (INSTRUCTION is 0 at reset).
     *
     * @param resetAddress the 32-bit address of the first function.
     * @return the thread.
     */
    public synchronized Thread start(final int resetAddress)
    {
        if (thread != null)
        {
            throw new IllegalStateException(name + " already started");
        }
        final Thread t = CoreThreads.unstarted(name.substring(0, name.indexOf(' ')), () -> run(resetAddress),
            schedule.carrier());
        thread = t;
        state = State.RUNNING;
        t.start();
        return t;
    }

    /**
     * Starts a core again whose thread has ended (halted or faulted), as a reset would: both extension registers at
     * 0, no HAT, at the given address. The hypervisor does it to take a stopped instance's cores back.
     *
     * @param address the 32-bit address of the first function.
     * @return the new thread.
     * @throws IllegalStateException when the core's thread still runs.
     */
    public synchronized Thread restart(final int address)
    {
        final Thread t = thread;
        if (t != null && t.isAlive())
        {
            throw new IllegalStateException(name + " still runs: stop it before restarting it");
        }
        thread = null;
        space = null;
        dataExt = 0;
        instExt = 0;
        icache.invalidate();
        stack.poison("reset");
        current = null;
        phase = "reset";
        return start(address);
    }

    /** @return the core's thread, or null before {@link #start(int)}. */
    public Thread thread()
    {
        return thread;
    }

    /**
     * Runs the trampoline on the calling thread: for tests and tools that drive a core without starting a thread.
     *
     * @param address the first address.
     */
    public void runHere(final int address)
    {
        if (thread == null)
        {
            thread = Thread.currentThread();
        }
        run(address);
    }

    /**
     * Runs the trampoline from {@code address} on this core's thread, inside the entry that calls it, until an entry
     * returns {@link #HALT}: for code that never returns while the core lives, such as a CPU's main on the stack it
     * holds for life. Faults propagate to the caller as they are.
     *
     * @param address the first address.
     * @return {@link #HALT}, for the calling entry to return.
     */
    public long runFrom(final long address)
    {
        long next = address & 0xFFFF_FFFFL;
        while (next != HALT)
        {
            final AddressSpace s = space;
            final CodeMap.Resolved r = (s == null ? code : s.code()).resolve(this, (int)next);
            current = r;
            progress++;
            next = r.entry().run(this);
        }
        return HALT;
    }

    private void run(final int resetAddress)
    {
        state = State.RUNNING;
        final Trace t = trace;
        try
        {
            schedule.begin(this); // a deterministic schedule: wait for the first turn
            if (t != null)
            {
                trace(EventKind.RESET, "", Map.of("address", PhysicalAddress.hex(resetAddress & 0xFFFF_FFFFL, 8)));
                t.record(EventKind.STEP, phase, 'B', cxy, gid, name, Map.of(), cycles());
            }
            runFrom(resetAddress);
            state = State.HALTED;
        }
        catch (final CoreFault f)
        {
            fault(f);
        }
        catch (final RuntimeException | Error e)
        {
            fault(new CoreFault(this, e));
        }
        finally
        {
            counts.flushStep();
            if (t != null)
            {
                t.record(EventKind.STEP, phase, 'E', cxy, gid, name, Map.of(), cycles());
            }
            schedule.end(this);
        }
    }

    private void fault(final CoreFault f)
    {
        state = State.FAULTED;
        trace(EventKind.FAULT, "", Map.of("message", f.getMessage()));
        faults.accept(f);
    }

    @Override
    public String toString()
    {
        final String f = function();
        return name + " " + state + " in " + (f.isEmpty() ? "-" : f) + " phase '" + phase + "'";
    }
}
