package org.smpboot.sim.hw;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The one access path of the simulated machine: every access to RAM or to a device register, whether a core's
 * instruction through the {@link Bus} or a runtime flyweight's through a {@link CountedWindow}, passes here, and the
 * per-access work is done here once, in this order:
 * <ol>
 *   <li>the scheduling point ({@link Schedule#access(Initiator)}: a deterministic schedule may run another core);</li>
 *   <li>for a store, an atomic or a bulk write into RAM, the {@link WriteWatcher} (the code guard), which may refuse
 *       it;</li>
 *   <li>counting and virtual time: one access of its {@link AccessKind} against the target cluster, in the
 *       initiator's epoch, at its {@link CostModel} cost ({@link #charge});</li>
 *   <li>for a read, the core's {@link WaitCue} notes the word, so that its wait loop can park until it changes;</li>
 *   <li>the memory operation itself, with exactly the ordering the {@link Op} names;</li>
 *   <li>virtual time again: a read (or an atomic, which reads) takes the initiator to a later stamp of another
 *       initiator plus the release latency; a store or an atomic that changed the word leaves its cycle in the
 *       word's stamp ({@link WakeTable});</li>
 *   <li>the wake: a store wakes every core parked on the word, an atomic that changed it a few.</li>
 * </ol>
 *
 * <p>Entries: {@link #bus} decodes an issued address ({@link AddressMap}: checks, the initiator's HAT, bank or device
 * register) after the scheduling point, as a core's instruction does; {@link #window} takes a word of a bank the
 * window already decoded; {@link #burst} accounts a bulk transfer ({@link BulkTransfer}, a window's byte arrays);
 * {@link #fetch} an instruction fetch. A device register access ({@link #register}) is counted as
 * {@link AccessKind#DEVICE} and never reaches a bank.
 *
 * <p>Where the contention model will go (issue 20): {@link #charge} is the only place an access meets its target's
 * time, so a per-bank or per-device service queue in virtual time (an access that finds its target busy starts when
 * it is free) is a change of that method and of the target's state; {@link #burst} is already one request for a
 * whole transfer, so a burst cost (one request, then one word per bank cycle) is a change of its charge;
 * {@link #fetch} receives the INSTRUCTION cluster's address of a jump's code, where an L1 instruction cache decides
 * hit or miss and a miss becomes a {@link #burst} of lines from that bank.
 *
 * <p>Memory ordering: loads and stores use the access mode their {@link Op} names on the same native word, so a
 * simulated {@code ll/sc} loop through the bus and a runtime flyweight through a window agree; the bus issues
 * volatile loads, stores and the JVM's CAS and fetch-and-add (a simulated core's accesses are sequentially
 * consistent, as the uncached remote accesses of the TSAR boot are).
 *
 * <p>Thread safety: the port is shared; what it changes per access is the initiator's own (counts and cycles, single
 * writer: an initiator's accesses come from its own thread), the bank's memory (the operation's own atomicity) and
 * the wake table (thread-safe).
 */
public final class AccessPort
{
    /** The memory operation of a word access: its kind and its access mode. */
    enum Op
    {
        /** Plain load. */
        LOAD(AccessKind.READ),
        /** Volatile load. */
        LOAD_VOLATILE(AccessKind.READ),
        /** Acquire load. */
        LOAD_ACQUIRE(AccessKind.READ),
        /** Opaque load. */
        LOAD_OPAQUE(AccessKind.READ),
        /** Plain store. */
        STORE(AccessKind.WRITE),
        /** Volatile store. */
        STORE_VOLATILE(AccessKind.WRITE),
        /** Release store. */
        STORE_RELEASE(AccessKind.WRITE),
        /** Opaque store. */
        STORE_OPAQUE(AccessKind.WRITE),
        /** Compare-and-set: returns 1 when it swapped, 0 otherwise. */
        CAS(AccessKind.ATOMIC),
        /** Compare-and-exchange: returns the value witnessed. */
        CAE(AccessKind.ATOMIC),
        /** Fetch-and-add (volatile): returns the value before. */
        GET_AND_ADD(AccessKind.ATOMIC),
        /** Fetch-and-add with release semantics on the store: returns the value before. */
        GET_AND_ADD_RELEASE(AccessKind.ATOMIC),
        /** Swap: returns the value before. */
        GET_AND_SET(AccessKind.ATOMIC);

        final AccessKind kind;

        Op(final AccessKind kind)
        {
            this.kind = kind;
        }
    }

    private final AddressMap map;
    private final WakeTable wakes;
    private final Map<MappedDevice, ServiceQueue> deviceQueues = new ConcurrentHashMap<>();
    private volatile WriteWatcher watcher;
    private Schedule schedule = Schedule.PARALLEL;

    /**
     * @param map   the address decoding.
     * @param wakes the table that wakes cores waiting on a word.
     */
    AccessPort(final AddressMap map, final WakeTable wakes)
    {
        this.map = map;
        this.wakes = wakes;
    }

    /** @param s who runs when, consulted at every access; set before any core runs. */
    void schedule(final Schedule s)
    {
        this.schedule = s;
    }

    /** @return who runs when. */
    Schedule schedule()
    {
        return schedule;
    }

    /** @param w told of every store into RAM, or null for none. */
    void watch(final WriteWatcher w)
    {
        this.watcher = w;
    }

    /** @return the wake table. */
    WakeTable wakes()
    {
        return wakes;
    }

    /**
     * @param d a device.
     * @return its service queue.
     */
    ServiceQueue queue(final MappedDevice d)
    {
        return deviceQueues.computeIfAbsent(d, k -> new ServiceQueue(k.name()));
    }

    /**
     * The scheduling point of an access. A time-ordered schedule ({@link Schedule#timed()}) runs first every core whose
     * next access may reach its target earlier than this one will (its arrival: the clock plus the transit, and for a
     * read no earlier than the store it will see), and the arrival is estimated again each time the token comes back;
     * another deterministic schedule decides as it does at any access; a parallel run does nothing.
     *
     * @param who    the initiator.
     * @param target the target's cluster.
     * @param word   for a read or an atomic, the word's machine address (the store it sees may delay it); else -1.
     */
    private void pointAt(final Initiator who, final int target, final long word)
    {
        final Schedule s = schedule;
        final CycleCounter c = who.counts().clock();
        if (!s.timed() || c == null)
        {
            s.access(who);
            return;
        }
        final AccessCounts counts = who.counts();
        long arrival;
        do
        {
            arrival = c.now() + counts.transit(target);
            if (word >= 0)
            {
                arrival = Math.max(arrival, floor(c, word));
            }
        }
        while (s.accessAt(who, arrival));
    }

    /**
     * A word access issued on the bus: decoding, the scheduling point, then RAM or a device register (a 64-bit
     * register access is two 32-bit ones, low word first).
     *
     * @param who    the initiator.
     * @param access the access's name, for errors.
     * @param paddr  the address as issued.
     * @param width  4 or 8.
     * @param op     the operation.
     * @param value  what a store stores, an atomic adds, sets or swaps in.
     * @param expect what a compare-and-set expects.
     * @return what the operation returns (a load's value, an atomic's previous value, a CAS's 1 or 0).
     */
    long bus(final Initiator who, final String access, final long paddr, final int width, final Op op,
        final long value, final long expect)
    {
        final long machine = map.word(who, access, paddr, width);
        if (op.kind == AccessKind.ATOMIC)
        {
            final Bank b = map.atomicBank(who, access, machine, width);
            pointAt(who, b.cxy(), machine);
            return perform(who, b, machine, width, op, value, expect);
        }
        final Bank b = map.bankFor(machine, width);
        if (b != null)
        {
            pointAt(who, b.cxy(), op.kind == AccessKind.READ ? machine : -1);
            return perform(who, b, machine, width, op, value, expect);
        }
        pointAt(who, PhysicalAddress.cxy(machine), -1);
        final boolean store = op.kind == AccessKind.WRITE;
        final String half = store ? "write32" : "read32";
        if (width == 4)
        {
            return register(who, access, machine, store, (int)value);
        }
        map.check(who, half, machine, 4);
        final long lo = register(who, half, machine, store, (int)value) & 0xFFFF_FFFFL;
        map.check(who, half, machine + 4, 4);
        final long hi = register(who, half, machine + 4, store, (int)(value >>> 32));
        return hi << 32 | lo;
    }

    /**
     * A word access through a window, on a word the window decoded.
     *
     * @param who   the initiator.
     * @param b     the window's bank.
     * @param paddr the word's machine address.
     * @param width 1, 2, 4 or 8 (atomics: 4 or 8).
     * @param op    the operation.
     * @param value what a store stores, an atomic adds, sets or swaps in.
     * @param expect what a compare-and-set expects.
     * @return what the operation returns.
     */
    long window(final Initiator who, final Bank b, final long paddr, final int width, final Op op,
        final long value, final long expect)
    {
        pointAt(who, b.cxy(), op.kind != AccessKind.WRITE ? paddr : -1);
        return perform(who, b, paddr, width, op, value, expect);
    }

    private long perform(final Initiator who, final Bank b, final long paddr, final int width, final Op op,
        final long value, final long expect)
    {
        final AccessKind kind = op.kind;
        if (kind != AccessKind.READ)
        {
            watch(who, paddr, width);
        }
        final int off = (int)PhysicalAddress.offset(paddr);
        final UnsafeBuffer mem = b.touch(off, width);
        final CycleCounter clock = who.counts().clock();
        if (kind == AccessKind.READ)
        {
            if (who instanceof Processor p)
            {
                p.cue().read(paddr);
            }
            final long v = load(mem, off, width, op);
            // the stamp after the value: a reader that sees a store's value sees a stamp at least that late
            charge(who, b.cxy(), b.queue(), kind, 1, floor(clock, paddr));
            return v;
        }
        if (kind == AccessKind.WRITE)
        {
            stamp(clock, paddr, charge(who, b.cxy(), b.queue(), kind, 1, 0));
            store(mem, off, width, op, value);
            wakes.written(paddr, true);
            return 0;
        }
        if (who instanceof Processor p)
        {
            p.cue().read(paddr); // an atomic reads the word: a CAS loop that fails waits for it to change
        }
        final long before;
        final boolean changed;
        switch (op)
        {
            case CAS ->
            {
                changed = width == 8 ? mem.compareAndSetLong(off, expect, value) :
                    mem.compareAndSetInt(off, (int)expect, (int)value);
                before = changed ? 1 : 0;
            }
            case CAE ->
            {
                before = width == 8 ? mem.compareAndExchangeLong(off, expect, value) :
                    mem.compareAndExchangeInt(off, (int)expect, (int)value);
                changed = before == (width == 8 ? expect : (int)expect);
            }
            case GET_AND_ADD, GET_AND_ADD_RELEASE ->
            {
                // the JVM's fetch-and-add is volatile, which is at least the release the caller asked for
                before = width == 8 ? mem.getAndAddLong(off, value) : mem.getAndAddInt(off, (int)value);
                changed = true;
            }
            case GET_AND_SET ->
            {
                before = width == 8 ? mem.getAndSetLong(off, value) : mem.getAndSetInt(off, (int)value);
                changed = true;
            }
            default -> throw new IllegalArgumentException(op + " is not an atomic");
        }
        // an atomic reads the word too: served no earlier than the store it saw
        final long done = charge(who, b.cxy(), b.queue(), kind, 1, floor(clock, paddr));
        if (changed)
        {
            // after: a failed CAS stores nothing (a reader may miss a stamp only by a few cycles)
            stamp(clock, paddr, done);
            wakes.written(paddr, false);
        }
        return before;
    }

    /**
     * A device register access: counted as {@link AccessKind#DEVICE} at its cost in the device's queue, then the
     * device answers. The caller made the scheduling point.
     *
     * @param who    the initiator.
     * @param access the access's name, for errors.
     * @param paddr  a checked machine address that no bank holds.
     * @param store  true for a store.
     * @param value  what a store writes.
     * @return what a load reads (0 for a store).
     */
    int register(final Initiator who, final String access, final long paddr, final boolean store, final int value)
    {
        final MappedDevice d = map.deviceOrFail(who, access, paddr);
        charge(who, PhysicalAddress.cxy(paddr), queue(d), AccessKind.DEVICE, 1, 0);
        if (store)
        {
            d.write32(who, AddressMap.registerOffset(d, paddr), value);
            return 0;
        }
        return d.read32(who, AddressMap.registerOffset(d, paddr));
    }

    /**
     * Accounts a bulk transfer of RAM (a copy loop, a memset, a device's DMA, a window's byte array) as a burst: the
     * watcher for a write, then one request of {@code ceil(len / 4)} words, served one word per cycle after the
     * request's service ({@link CostModel#service}), in pieces of at most {@link CostModel#BURST_UNIT} words each
     * placed in the bank's queue as it comes (each a scheduling point in a deterministic run), so that other requests
     * are served between two pieces. The caller moves the bytes after.
     *
     * @param who   the initiator.
     * @param b     the bank holding the whole range.
     * @param paddr the first byte's machine address.
     * @param len   bytes, more than 0.
     * @param kind  {@link AccessKind#READ} or {@link AccessKind#WRITE}.
     * @return the bank's memory, its pages materialised.
     */
    UnsafeBuffer burst(final Initiator who, final Bank b, final long paddr, final int len, final AccessKind kind)
    {
        if (kind == AccessKind.WRITE)
        {
            watch(who, paddr, len);
        }
        stream(who, b.cxy(), b.queue(), kind, (len + 3) / 4);
        return b.touch((int)PhysicalAddress.offset(paddr), len);
    }

    /**
     * A memset of RAM: accounted as a {@link #burst} write, the bytes set by {@link Bank#set}.
     *
     * @param who   the initiator.
     * @param b     the bank holding the whole range.
     * @param paddr the first byte's machine address.
     * @param len   bytes, more than 0.
     * @param value the byte.
     */
    void set(final Initiator who, final Bank b, final long paddr, final int len, final byte value)
    {
        watch(who, paddr, len);
        stream(who, b.cxy(), b.queue(), AccessKind.WRITE, (len + 3) / 4);
        b.set((int)PhysicalAddress.offset(paddr), len, value);
    }

    /**
     * Instruction fetches: a core runs the code in {@code [paddr, paddr + len)} (a function it jumped to), and its L1
     * instruction cache looks each line up; each miss is a burst of a line's words from the bank that holds the code,
     * one after the other, each a scheduling point in a deterministic run.
     *
     * @param who   the core.
     * @param paddr the machine address of the code.
     * @param len   its bytes (at least 1).
     */
    void fetch(final Processor who, final long paddr, final int len)
    {
        final InstructionCache ic = who.icache();
        final int line = ic.lineBytes();
        final Bank b = map.bankFor(paddr, 1);
        final int target = PhysicalAddress.cxy(paddr);
        final long first = paddr & -line;
        for (long at = first; at < paddr + Math.max(1, len); at += line)
        {
            if (!ic.access(at))
            {
                stream(who, target, b == null ? null : b.queue(), AccessKind.FETCH, line / 4);
            }
        }
    }

    /**
     * One request of a burst's words, its pieces placed in the queue one after the other: the next piece arrives
     * when the previous one's last word leaves the bank (pipelined), so that an uncontended burst costs transit there
     * and back, the request's service and one cycle per further word.
     */
    private void stream(final Initiator who, final int target, final ServiceQueue q, final AccessKind kind,
        final long words)
    {
        final AccessCounts counts = who.counts();
        final CycleCounter clock = counts.clock();
        if (clock == null)
        {
            counts.add(target, kind, 1, words, 0, 0);
            return;
        }
        pointAt(who, target, -1);
        final long t0 = clock.now();
        final int out = counts.transit(target);
        long arrival = t0 + out;
        long wait = 0;
        long left = words;
        boolean firstPiece = true;
        while (left > 0)
        {
            final long piece = Math.min(left, CostModel.BURST_UNIT);
            final int service = firstPiece ? CostModel.service(kind, piece) : (int)(piece * CostModel.WORD_CYCLE);
            if (!firstPiece && schedule.timed())
            {
                // the next piece is a point of its own: a core whose request arrives first goes first (when the token
                // comes back, the piece still arrives when the previous one ended)
                while (schedule.accessAt(who, arrival))
                {
                    Thread.onSpinWait();
                }
            }
            final long start = q == null ? arrival : q.serve(arrival, service);
            place(who, q, start, service, start - arrival);
            wait += start - arrival;
            arrival = start + service;
            left -= piece;
            firstPiece = false;
        }
        final long end = arrival + out;
        clock.advance(end - t0);
        counts.add(target, kind, 1, words, end - t0, wait);
    }

    /**
     * Where an access meets time: a request of one word (or an atomic, or a register) travels to its target, waits in
     * its queue, is served and comes back; its initiator's clock moves to the response, and the request is counted
     * with its cost and wait in the initiator's epoch and step.
     *
     * @param floor the earliest cycle the target may serve it (the store it reads), or 0.
     * @return the cycle the target finished serving it (a store's stamp), or 0 without a cost model.
     */
    private long charge(final Initiator who, final int target, final ServiceQueue q, final AccessKind kind,
        final long words, final long floor)
    {
        final AccessCounts counts = who.counts();
        final CycleCounter clock = counts.clock();
        if (clock == null)
        {
            counts.add(target, kind, 1, words, 0, 0);
            return 0;
        }
        final long t0 = clock.now();
        final int out = counts.transit(target);
        // waiting for a value is not the access's cost: it is issued when it can see it
        final long issued = Math.max(t0, floor - out);
        final long arrival = issued + out;
        final int service = CostModel.service(kind, words);
        final long start = q == null ? arrival : q.serve(arrival, service);
        place(who, q, start, service, start - arrival);
        final long done = start + service;
        final long end = done + out;
        clock.advance(end - t0);
        counts.add(target, kind, 1, words, end - issued, start - arrival);
        return done;
    }

    private static void place(final Initiator who, final ServiceQueue q, final long start, final int service,
        final long wait)
    {
        if (q != null && who instanceof Processor p)
        {
            p.polls().placed(q, start, service, wait);
        }
    }

    /**
     * The watcher alone, for a transfer that must be refused whole before any of its requests (a memcpy over code).
     *
     * @param who   the initiator.
     * @param paddr the first byte's machine address.
     * @param len   bytes.
     */
    void watchOnly(final Initiator who, final long paddr, final int len)
    {
        watch(who, paddr, len);
    }

    private void watch(final Initiator who, final long paddr, final int len)
    {
        final WriteWatcher w = watcher;
        if (w != null)
        {
            w.beforeWrite(who, paddr, len);
        }
    }

    /** Virtual time: a word's store leaves the cycle its bank served it where its readers find it. */
    private void stamp(final CycleCounter c, final long paddr, final long done)
    {
        if (c != null)
        {
            wakes.stamp(paddr, CycleCounter.stamp(done, c.id()));
        }
    }

    /**
     * Virtual time: the cycle from which a read of a word may be served, so as to see the latest store of another
     * initiator to it (a wait's successful poll is served after the release it sees); 0 for none.
     */
    private long floor(final CycleCounter c, final long paddr)
    {
        if (c == null)
        {
            return 0;
        }
        final long s = wakes.stamp(paddr);
        return s == 0 || CycleCounter.writer(s) == c.id() ? 0 : CycleCounter.cycle(s);
    }

    private static long load(final UnsafeBuffer mem, final int off, final int width, final Op op)
    {
        switch (width)
        {
            case 8:
                return switch (op)
                {
                    case LOAD -> mem.getLong(off);
                    case LOAD_ACQUIRE -> mem.getLongAcquire(off);
                    case LOAD_OPAQUE -> mem.getLongOpaque(off);
                    default -> mem.getLongVolatile(off);
                };
            case 4:
                return switch (op)
                {
                    case LOAD -> mem.getInt(off);
                    case LOAD_ACQUIRE -> mem.getIntAcquire(off);
                    case LOAD_OPAQUE -> mem.getIntOpaque(off);
                    default -> mem.getIntVolatile(off);
                };
            case 2:
                return op == Op.LOAD ? mem.getShort(off) : mem.getShortVolatile(off);
            case 1:
                return op == Op.LOAD ? mem.getByte(off) : mem.getByteVolatile(off);
            default:
                throw new IllegalArgumentException("a word of " + width + " bytes");
        }
    }

    private static void store(final UnsafeBuffer mem, final int off, final int width, final Op op, final long v)
    {
        switch (width)
        {
            case 8 ->
            {
                switch (op)
                {
                    case STORE -> mem.putLong(off, v);
                    case STORE_RELEASE -> mem.putLongRelease(off, v);
                    case STORE_OPAQUE -> mem.putLongOpaque(off, v);
                    default -> mem.putLongVolatile(off, v);
                }
            }
            case 4 ->
            {
                switch (op)
                {
                    case STORE -> mem.putInt(off, (int)v);
                    case STORE_RELEASE -> mem.putIntRelease(off, (int)v);
                    case STORE_OPAQUE -> mem.putIntOpaque(off, (int)v);
                    default -> mem.putIntVolatile(off, (int)v);
                }
            }
            case 2 ->
            {
                if (op == Op.STORE)
                {
                    mem.putShort(off, (short)v);
                }
                else
                {
                    mem.putShortVolatile(off, (short)v);
                }
            }
            case 1 ->
            {
                if (op == Op.STORE)
                {
                    mem.putByte(off, (byte)v);
                }
                else
                {
                    mem.putByteVolatile(off, (byte)v);
                }
            }
            default -> throw new IllegalArgumentException("a word of " + width + " bytes");
        }
    }
}
