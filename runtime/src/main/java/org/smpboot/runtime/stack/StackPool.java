package org.smpboot.runtime.stack;

import java.util.function.LongConsumer;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.internal.AgronaFlag;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.Awaited;
import org.smpboot.runtime.wait.BoundedWait;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.runtime.wait.WaitTimeoutException;

/**
 * The seed's {@code stack_pool}: a lock-free pool of stacks living in shared memory, as a flyweight over
 * (buffer, offset). The pool costs one header whatever the number of stacks or CPUs: a free stack holds the link to the
 * next free stack in its own first bytes (a Treiber stack threaded through the stacks).
 *
 * <h2>Header layout ({@link #LENGTH} bytes, offset aligned to {@link Slot#ALIGNMENT})</h2>
 * <pre>
 *  +0    head      long  (tag &lt;&lt; 32) | top stack offset, top = 0xffffffff when empty; changed only by CAS
 *  +8    flags     int   bit 0: track usage; written once by initialize
 *  +12   stacks    int   stacks given by newStack (read-mostly)
 *  +128  held      int   stacks currently lent           (only when tracking usage)
 *  +132  highWater int   most stacks lent at once        (only when tracking usage)
 * </pre>
 * <h2>Stack layout (a stack is any 8-byte aligned region of the buffer, at least {@link #MIN_STACK_SIZE} bytes)</h2>
 * <pre>
 *  +0   next   long  offset of the next free stack, or -1; meaningful only while the stack is free
 *  +8   owner  long  {@link #FREE} while free, {@link #HELD} | cpu while lent
 *  +16  size   int   bytes of the stack, header included
 *  +32  ...    the usable stack
 * </pre>
 *
 * <h2>Memory ordering</h2>
 * Pop: acquire-load the head, plain-load {@code next} of its top (ordered after the acquire), CAS the head to
 * (tag + 1, next). Push: write {@code next}, then CAS the head to (tag + 1, stack); the CAS has volatile semantics, so
 * it releases the link and everything the giver wrote in the stack to the next taker. The 32-bit tag changes on every
 * successful CAS, so a head that went A, B, A between a reader's load and its CAS (the ABA interleaving) fails that
 * CAS; a stale {@code next} read from a stack someone else holds is never used. On every draw the owner word is read
 * (ordered after the CAS) and must say FREE, then is overwritten with the holder: a stack handed out while held (a
 * corrupted list, a stack given twice to {@code newStack}) is detected, not silently shared. On release the owner word
 * must name the releasing CPU. A failed head CAS is retried after a short bounded pause (contention management only:
 * it changes no ordering).
 */
public final class StackPool
{
    /** Bytes of the pool header. */
    public static final int LENGTH = 2 * Slot.LENGTH;
    /** Bytes at the start of every stack reserved for its link, owner and size. */
    public static final int STACK_HEADER_LENGTH = 32;
    /** Smallest stack accepted by {@link #newStack}. */
    public static final int MIN_STACK_SIZE = 64;
    /** Owner word of a free stack ("FREESTCK"). */
    public static final long FREE = 0x465245455354434bL;
    /** High half of the owner word of a lent stack ("HELD"); the low half is the CPU. */
    public static final long HELD = 0x48454c4400000000L;

    /**
     * How often a draw with a liveness check looks again by time alone when nothing it reads is written, unless the
     * caller says: 1 ms (it
     * matters only to a {@link org.smpboot.runtime.wait.DeadlineAware} strategy, a simulated core; a thread polls).
     */
    public static final long LIVENESS_LOOK_NS = 1_000_000;
    static final int NIL = -1;
    private static final int HEAD = 0;
    private static final int FLAGS = 8;
    private static final int STACKS = 12;
    private static final int HELD_COUNT = Slot.LENGTH;
    private static final int HIGH_WATER = Slot.LENGTH + 4;
    private static final int NEXT = 0;
    private static final int OWNER = 8;
    private static final int SIZE = 16;
    private static final int TRACK_USAGE = 1;
    /**
     * First pause after a failed head CAS, in {@link Thread#onSpinWait()} hints. Measured on this project's 2-vCPU VM
     * at an hour when a cache line crossed the cores in about 95 ns (JMH {@code StackPoolBench}, draw and release by
     * each thread, two runs each): from 1 spin a pair took 313 to 333 ns with 2 threads, 1,055 to 1,206 ns with 8 and
     * 13.8 to 22.7 us with 64; from 16, 120 to 123 ns, 446 to 510 ns and 3.5 to 7.5 us (from 8: 139 to 161 ns, 563 to
     * 586 ns; from 32: 88 to 92 ns, 344 to 358 ns, but a 2-CPU election boot, whose leader and follower may meet once
     * on a pool's head, took longer: 2.9 to 3.1 us against 2.3 to 2.8 from 1 and 2.5 to 2.6 from 16). A thread that
     * lost the line leaves it to the winner for a few of its operations instead of taking it back at once.
     */
    private static final int FIRST_BACKOFF_SPINS = 16;
    /** Longest pause after a failed head CAS, in {@link Thread#onSpinWait()} hints (about 2 us on x86). */
    private static final int MAX_BACKOFF_SPINS = 64;

    private final String name;
    private final WaitPolicy waitPolicy;
    /** A draw's wait on an empty pool (context: the drawing CPU). */
    private final Awaited empty = (cpu, waitedNs) -> new WaitTimeoutException("cpu " + cpu + ": draw a stack",
        name() + " head @" + offset(), "empty (" + stacks() + " stacks given)", "a free stack", waitedNs);
    private AtomicBuffer buffer;
    private int offset;
    private StackFunction function;
    private StackListener listener = StackListener.NONE;

    /**
     * @param name       the pool's name in messages ({@code arch_init_stack_pool}).
     * @param waitPolicy how {@link #call} waits while the pool is empty, and for how long.
     */
    public StackPool(final String name, final WaitPolicy waitPolicy)
    {
        this.name = name;
        this.waitPolicy = waitPolicy;
    }

    /**
     * Points the flyweight at a pool header; writes nothing.
     *
     * @param buffer shared memory.
     * @param offset first byte of the header, slot-aligned.
     * @return this.
     */
    public StackPool wrap(final AtomicBuffer buffer, final int offset)
    {
        AgronaFlag.ensure();
        Slot.checkPlacement(name, offset, LENGTH, buffer.capacity());
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * The seed's {@code stack_pool_initialize(pool, func)}: writes an empty pool over whatever the memory held, and
     * binds the function {@link #call} runs. Must happen before the pool is published to other CPUs.
     *
     * @param function   what {@link #call(int)} runs on a drawn stack (null when callers always pass their own).
     * @param trackUsage keep the count of lent stacks and its high-water mark (two more atomics per draw and release).
     * @return this.
     */
    public StackPool initialize(final StackFunction function, final boolean trackUsage)
    {
        buffer.putInt(offset + FLAGS, trackUsage ? TRACK_USAGE : 0);
        buffer.putInt(offset + STACKS, 0);
        buffer.putInt(offset + HELD_COUNT, 0);
        buffer.putInt(offset + HIGH_WATER, 0);
        buffer.putLongVolatile(offset + HEAD, (long)NIL & 0xffffffffL);
        this.function = function;
        return this;
    }

    /**
     * Binds the function of a pool another CPU (or process) initialised; writes nothing.
     *
     * @param function what {@link #call} runs.
     * @return this.
     */
    public StackPool bind(final StackFunction function)
    {
        this.function = function;
        return this;
    }

    /**
     * Tells {@code listener} of this flyweight's draws by {@link #call} and of {@link StackHandle#terminateCall} on its
     * stacks: how a platform sets a CPU's stack-pointer register ({@link StackListener}). Per flyweight, not in shared
     * memory: each CPU's platform listens to its own draws.
     *
     * @param listener the listener, or {@link StackListener#NONE}.
     * @return this.
     */
    public StackPool listener(final StackListener listener)
    {
        this.listener = listener == null ? StackListener.NONE : listener;
        return this;
    }

    /** @return the listener of this flyweight's draws, {@link StackListener#NONE} unless told. */
    public StackListener listener()
    {
        return listener;
    }

    /**
     * The seed's {@code stack_pool_newstack(pool, stack, size)}: gives the region {@code [stack, stack + size)} to the
     * pool.
     *
     * @param stack offset of the stack, 8-byte aligned.
     * @param size  bytes, at least {@link #MIN_STACK_SIZE}.
     */
    public void newStack(final int stack, final int size)
    {
        if ((stack & 7) != 0 || stack < 0 || size < MIN_STACK_SIZE || (long)stack + size > buffer.capacity())
        {
            throw new IllegalArgumentException(name + ": bad stack @" + stack + " of " + size +
                " bytes (needs 8-byte alignment, at least " + MIN_STACK_SIZE + " bytes, inside " + buffer.capacity() + ")");
        }
        buffer.putInt(stack + SIZE, size);
        buffer.putLong(stack + OWNER, FREE);
        buffer.getAndAddInt(offset + STACKS, 1);
        push(stack);
    }

    /**
     * The seed's {@code stack_pool_getstack(pool)}: draws the first free stack without waiting.
     *
     * @param cpu the drawing CPU, recorded as owner.
     * @return the stack, or null when the pool is empty.
     */
    public StackHandle getStack(final int cpu)
    {
        final int stack = pop();
        return stack == NIL ? null : take(stack, cpu);
    }

    /**
     * Draws a stack, waiting through the wait policy while the pool is empty.
     *
     * @param cpu the drawing CPU.
     * @return the stack.
     * @throws WaitTimeoutException naming the pool when none comes within the policy's timeout.
     */
    public StackHandle awaitStack(final int cpu)
    {
        return awaitStack(cpu, null);
    }

    /**
     * Draws a stack, waiting through the wait policy while the pool is empty, and checking at each check round of the
     * wait that whoever is to fill the pool is still alive.
     *
     * @param cpu      the drawing CPU.
     * @param liveness called with the time waited at the wait's check rounds; throws to end the wait early with a named
     *                 cause (the CPU that fills the pool is dead). Null: no check.
     * @return the stack.
     * @throws WaitTimeoutException naming the pool when none comes within the policy's timeout.
     */
    public StackHandle awaitStack(final int cpu, final LongConsumer liveness)
    {
        return awaitStack(cpu, liveness, LIVENESS_LOOK_NS);
    }

    /**
     * {@link #awaitStack(int, LongConsumer)} whose liveness check needs a look by time alone only every
     * {@code lookEveryNs} (the rate at which what it judges can change: a heartbeat's period).
     *
     * @param cpu         the drawing CPU.
     * @param liveness    the liveness check, or null.
     * @param lookEveryNs how often the check needs a look when nothing the wait reads is written
     *                    ({@link Awaited#lookEveryNs()}).
     * @return the stack.
     * @throws WaitTimeoutException naming the pool when none comes within the policy's timeout.
     */
    public StackHandle awaitStack(final int cpu, final LongConsumer liveness, final long lookEveryNs)
    {
        StackHandle stack = getStack(cpu);
        if (stack != null)
        {
            return stack;
        }
        final BoundedWait wait = BoundedWait.begin(waitPolicy, liveness == null ? empty : new Awaited()
        {
            @Override
            public void checkLiveness(final long context, final long waitedNs)
            {
                liveness.accept(waitedNs);
            }

            @Override
            public long lookEveryNs()
            {
                return lookEveryNs; // the liveness check is told the time waited: it judges by time, not a word
            }

            @Override
            public RuntimeException timedOut(final long context, final long waitedNs)
            {
                return empty.timedOut(context, waitedNs);
            }
        }, cpu);
        while ((stack = getStack(cpu)) == null)
        {
            wait.idle();
        }
        wait.end();
        return stack;
    }

    /**
     * The seed's {@code stack_pool_call(pool)}: draws a stack (waiting while the pool is empty), runs the pool's
     * function on it, and gives it back when the function returns (unless the function gave it back itself with
     * {@link StackHandle#terminateCall}).
     *
     * @param cpu the calling CPU.
     */
    public void call(final int cpu)
    {
        if (function == null)
        {
            throw new IllegalStateException(name + ": no function bound (initialize or bind the pool first)");
        }
        call(cpu, function);
    }

    /**
     * {@link #call(int)} with an explicit function instead of the bound one.
     *
     * @param cpu      the calling CPU.
     * @param function what to run on the drawn stack.
     */
    public void call(final int cpu, final StackFunction function)
    {
        call(cpu, function, null);
    }

    /**
     * {@link #call(int, StackFunction)}, whose draw checks at each check round of its wait that whoever fills the pool
     * is alive ({@link #awaitStack(int, LongConsumer)}).
     *
     * @param cpu      the calling CPU.
     * @param function what to run on the drawn stack.
     * @param liveness the draw's liveness check, or null.
     */
    public void call(final int cpu, final StackFunction function, final LongConsumer liveness)
    {
        call(cpu, function, liveness, LIVENESS_LOOK_NS);
    }

    /**
     * {@link #call(int, StackFunction, LongConsumer)} whose draw's liveness check needs a look by time alone only
     * every {@code lookEveryNs} ({@link #awaitStack(int, LongConsumer, long)}).
     *
     * @param cpu         the calling CPU.
     * @param function    what to run on the drawn stack.
     * @param liveness    the draw's liveness check, or null.
     * @param lookEveryNs how often that check needs a look when nothing the wait reads is written.
     */
    public void call(final int cpu, final StackFunction function, final LongConsumer liveness, final long lookEveryNs)
    {
        final StackHandle stack = awaitStack(cpu, liveness, lookEveryNs);
        try
        {
            listener.drawn(cpu, stack);
            function.run(stack);
        }
        catch (final RuntimeException | Error e)
        {
            // the function's failure is the cause: a failure to give the stack back after it (a stack found shared)
            // goes with it, suppressed, instead of hiding it
            if (stack.isHeld())
            {
                try
                {
                    release(stack);
                }
                catch (final RuntimeException r)
                {
                    e.addSuppressed(r);
                }
            }
            throw e;
        }
        if (stack.isHeld())
        {
            release(stack);
        }
    }

    /**
     * Gives a stack back and invalidates its handle.
     *
     * @param stack the handle.
     * @throws StackOwnershipException when the stack's owner word does not name the handle's CPU.
     */
    public void release(final StackHandle stack)
    {
        if (stack.pool() != this)
        {
            throw new IllegalArgumentException(stack + " belongs to " + stack.pool().name + ", not " + name);
        }
        stack.checkHeld("release");
        final int at = stack.stackOffset();
        final long owner = buffer.getLongVolatile(at + OWNER);
        if (owner != (HELD | (stack.cpu() & 0xffffffffL)))
        {
            throw new StackOwnershipException(name + ": cpu " + stack.cpu() + " gives back stack @0x" +
                Integer.toHexString(at) + " whose owner word says " + describeOwner(owner));
        }
        stack.invalidate();
        buffer.putLongRelease(at + OWNER, FREE);
        if (tracksUsage())
        {
            buffer.getAndAddInt(offset + HELD_COUNT, -1);
        }
        push(at);
    }

    /** @return the buffer the pool lives in. */
    public AtomicBuffer buffer()
    {
        return buffer;
    }

    /** @return offset of the header. */
    public int offset()
    {
        return offset;
    }

    /** @return the pool's name. */
    public String name()
    {
        return name;
    }

    /** @return stacks given by {@link #newStack}. */
    public int stacks()
    {
        return buffer.getIntVolatile(offset + STACKS);
    }

    /** @return stacks lent now (0 unless tracking usage). */
    public int held()
    {
        return buffer.getIntVolatile(offset + HELD_COUNT);
    }

    /** @return most stacks lent at once (0 unless tracking usage). */
    public int highWater()
    {
        return buffer.getIntVolatile(offset + HIGH_WATER);
    }

    /** @return free stacks, counted by walking the list: for tests and reports only, not linearizable. */
    public int freeStacks()
    {
        int n = 0;
        for (int s = (int)buffer.getLongVolatile(offset + HEAD); s != NIL && n <= stacks(); s = (int)buffer.getLong(s + NEXT))
        {
            n++;
        }
        return n;
    }

    // ----- the Treiber stack; package-private steps let tests force interleavings deterministically -----

    long loadHead()
    {
        return buffer.getLongVolatile(offset + HEAD);
    }

    static int top(final long head)
    {
        return (int)head;
    }

    long loadNext(final int stack)
    {
        return buffer.getLong(stack + NEXT);
    }

    boolean tryPop(final long head, final long next)
    {
        return buffer.compareAndSetLong(offset + HEAD, head, retag(head, (int)next));
    }

    StackHandle take(final int stack, final int cpu)
    {
        // The tagged CAS that popped the stack synchronises with the push that freed it, so a plain read sees FREE
        // unless the list or the stack was corrupted; an atomic exchange here cost ~25% of a 2-thread draw+release
        // pair (measured) for no case the tag does not already exclude.
        // The flags share the head's line, which the popping CAS just brought here: read them now, before another CPU
        // takes that line back, not after the owner word.
        final boolean track = tracksUsage();
        final long previous = buffer.getLong(stack + OWNER);
        buffer.putLongRelease(stack + OWNER, HELD | (cpu & 0xffffffffL));
        if (previous != FREE)
        {
            throw new StackOwnershipException(name + ": stack @0x" + Integer.toHexString(stack) + " drawn by cpu " + cpu +
                " while " + describeOwner(previous));
        }
        if (track)
        {
            final int held = buffer.getAndAddInt(offset + HELD_COUNT, 1) + 1;
            int high;
            while (held > (high = buffer.getIntVolatile(offset + HIGH_WATER)) &&
                !buffer.compareAndSetInt(offset + HIGH_WATER, high, held))
            {
                Thread.onSpinWait();
            }
        }
        return new StackHandle(this, stack, cpu, buffer.getInt(stack + SIZE));
    }

    private int pop()
    {
        int backoff = FIRST_BACKOFF_SPINS;
        while (true)
        {
            final long head = loadHead();
            final int top = top(head);
            if (top == NIL)
            {
                return NIL;
            }
            if (tryPop(head, loadNext(top)))
            {
                return top;
            }
            backoff = backOff(backoff);
        }
    }

    private void push(final int stack)
    {
        int backoff = FIRST_BACKOFF_SPINS;
        long head;
        while (true)
        {
            head = loadHead();
            buffer.putLong(stack + NEXT, top(head));
            if (buffer.compareAndSetLong(offset + HEAD, head, retag(head, stack)))
            {
                return;
            }
            backoff = backOff(backoff);
        }
    }

    /**
     * After a failed CAS on the head: another CPU holds its line, and retrying at once only takes it away from that CPU
     * mid-operation. Waiting {@link #FIRST_BACKOFF_SPINS}, then twice as long each time up to
     * {@link #MAX_BACKOFF_SPINS} spin hints lets it finish (an interleaved side measurement of a bare Treiber stack
     * found ~10% off a 2-thread pop+push pair with a first pause of 1, benchmarks/README.md); bounded, so
     * a draw or a release never waits on anyone, and the head's tag, not timing, keeps the pool correct.
     *
     * @return the next backoff.
     */
    private static int backOff(final int spins)
    {
        for (int i = 0; i < spins; i++)
        {
            Thread.onSpinWait();
        }
        return Math.min(spins << 1, MAX_BACKOFF_SPINS);
    }

    private static long retag(final long head, final int top)
    {
        return (((head >>> 32) + 1) << 32) | (top & 0xffffffffL);
    }

    private boolean tracksUsage()
    {
        return (buffer.getInt(offset + FLAGS) & TRACK_USAGE) != 0;
    }

    private static String describeOwner(final long owner)
    {
        if (owner == FREE)
        {
            return "it is free";
        }
        if ((owner & 0xffffffff00000000L) == HELD)
        {
            return "held by cpu " + (int)owner;
        }
        return "it holds garbage " + WaitTimeoutException.hex(owner) + " (not a stack of this pool)";
    }

    @Override
    public String toString()
    {
        return name + " @" + offset;
    }
}
