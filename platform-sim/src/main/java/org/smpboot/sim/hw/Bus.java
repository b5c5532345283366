package org.smpboot.sim.hw;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Routes 32- and 64-bit loads, stores and atomics on a 40-bit physical address to the bank of the address's cluster
 * (offsets below the bank's size) or to the registers of a device mapped there; anything else is a {@link BusError}.
 *
 * <p>Word stores and atomics on RAM wake the cores waiting on that word ({@link WakeTable}); a core's reads are noted
 * in its {@link WaitCue}. Every access is counted as the initiator's, per target cluster and {@link AccessKind} (register accesses as
 * {@link AccessKind#DEVICE}, which never reach the bank). Memory ordering: loads
 * are volatile reads and stores volatile writes (a simulated core's accesses are sequentially consistent, as the
 * uncached remote accesses of the TSAR boot are); atomics are the JVM's CAS and fetch-and-add on the same native
 * word, so a simulated {@code ll/sc} loop and a runtime flyweight over a {@link CountedWindow} agree. Alignment:
 * 4 bytes for 32-bit accesses, 8 for 64-bit ones, as MIPS requires.
 *
 * <p>Address spaces: an initiator with an {@link Initiator#space()} (a core or a DMA behind a hypervisor's HAT) issues
 * addresses of that space; each public access translates its address once, after the alignment check and before
 * anything is read or written, so an access the space refuses touches nothing, then runs on the machine address
 * (the private {@code ...At} methods). Without a space (the default) addresses are the machine's.
 */
public final class Bus
{
    private final Bank[] banks = new Bank[PhysicalAddress.CXY_SPACE];
    private final MappedDevice[][] devices = new MappedDevice[PhysicalAddress.CXY_SPACE][];
    private volatile WriteWatcher watcher;
    private final WakeTable wakes = new WakeTable();
    /** Fault injection: why a cluster's bank answers every access with a bus error, or null (most). */
    private final String[] failedBanks = new String[PhysicalAddress.CXY_SPACE];
    private Schedule schedule = Schedule.PARALLEL;

    /**
     * @param bankList the banks, one per cluster with RAM.
     */
    public Bus(final List<Bank> bankList)
    {
        for (final Bank b : bankList)
        {
            banks[b.cxy()] = b;
        }
    }

    /**
     * Maps the devices' registers: the machine's, before any core runs; then again with devices added while cores run
     * (the hypervisor's channels of a new instance). Each cluster's list is replaced by one plain store of a new array,
     * so a reader sees the old list or the new one, never a mix; a core sees the new one once something ordered after
     * this call reaches it (the hypervisor's HAT writes and the IPI that starts the instance), and cores that do not
     * use the added devices do not care which they see.
     *
     * @param deviceList the devices; none may overlap a bank or another device.
     * @throws IllegalArgumentException on an overlap.
     */
    public synchronized void attach(final List<MappedDevice> deviceList)
    {
        final List<List<MappedDevice>> per = new ArrayList<>();
        for (int c = 0; c < PhysicalAddress.CXY_SPACE; c++)
        {
            per.add(new ArrayList<>());
        }
        for (final MappedDevice d : deviceList)
        {
            per.get(d.descriptor().cxy()).add(d);
        }
        for (int c = 0; c < PhysicalAddress.CXY_SPACE; c++)
        {
            final List<MappedDevice> list = per.get(c);
            list.sort(Comparator.comparingLong(d -> d.descriptor().base()));
            for (int i = 0; i < list.size(); i++)
            {
                final long base = PhysicalAddress.offset(list.get(i).descriptor().base());
                final long end = base + list.get(i).descriptor().size();
                final boolean overlapsBank = banks[c] != null && base < banks[c].size();
                final boolean overlapsNext = i + 1 < list.size() &&
                    PhysicalAddress.offset(list.get(i + 1).descriptor().base()) < end;
                if (overlapsBank || overlapsNext)
                {
                    throw new IllegalArgumentException(list.get(i).name() + " at " +
                        PhysicalAddress.format(list.get(i).descriptor().base()) + " overlaps another target");
                }
            }
            devices[c] = list.isEmpty() ? null : list.toArray(new MappedDevice[0]);
        }
    }

    /**
     * @param s who runs when, consulted before every access; set before any core runs ({@link Schedule#PARALLEL}
     *          by default).
     */
    public void schedule(final Schedule s)
    {
        this.schedule = s;
    }

    /** @return the table that wakes cores waiting on a word when it is written. */
    public WakeTable wakes()
    {
        return wakes;
    }

    private static void noteRead(final Initiator who, final long paddr)
    {
        if (who instanceof Processor p)
        {
            p.cue().read(paddr);
        }
    }

    /** Virtual time: a word's store leaves the writer's cycle where its readers find it ({@link WakeTable}). */
    private void stamp(final Initiator who, final long paddr)
    {
        final CycleCounter c = who.counts().clock();
        if (c != null)
        {
            wakes.stamp(paddr, c.stamp());
        }
    }

    /** Virtual time: a read that sees another initiator's later store takes its cycle plus the latency. */
    private void seen(final Initiator who, final long paddr)
    {
        final CycleCounter c = who.counts().clock();
        if (c != null)
        {
            c.seen(wakes.stamp(paddr));
        }
    }

    /**
     * @param w told of every store into RAM (word stores, bulk writes, sets and copies; not stores through a
     *          {@link CountedWindow}, which hold data), or null for none.
     */
    public void watch(final WriteWatcher w)
    {
        this.watcher = w;
    }

    private void beforeWrite(final Initiator who, final long paddr, final int len)
    {
        final WriteWatcher w = watcher;
        if (w != null && len > 0)
        {
            w.beforeWrite(who, paddr, len);
        }
    }

    /**
     * @param cxy a cluster.
     * @return its bank, or null when it has no RAM.
     */
    public Bank bank(final int cxy)
    {
        return banks[cxy & 0xFF];
    }

    /**
     * @param paddr a physical address.
     * @return the device whose registers cover it, or null.
     */
    public MappedDevice device(final long paddr)
    {
        final MappedDevice[] list = devices[PhysicalAddress.cxy(paddr)];
        if (list == null)
        {
            return null;
        }
        final long offset = PhysicalAddress.offset(paddr);
        for (final MappedDevice d : list)
        {
            final long base = PhysicalAddress.offset(d.descriptor().base());
            if (offset >= base && offset < base + d.descriptor().size())
            {
                return d;
            }
        }
        return null;
    }

    /**
     * @param who   the initiator.
     * @param paddr a 4-aligned physical address.
     * @return the word there.
     */
    public int read32(final Initiator who, final long paddr)
    {
        schedule.access(who);
        check(who, "read32", paddr, 4);
        return read32At(who, route(who, "read32", paddr, 4));
    }

    private int read32At(final Initiator who, final long paddr)
    {
        check(who, "read32", paddr, 4);
        final Bank b = bankFor(paddr, 4);
        if (b != null)
        {
            who.counts().count(PhysicalAddress.cxy(paddr), AccessKind.READ);
            noteRead(who, paddr);
            final int off = (int)PhysicalAddress.offset(paddr);
            final int value = b.touch(off, 4).getIntVolatile(off);
            seen(who, paddr);
            return value;
        }
        final MappedDevice d = deviceOrFail(who, "read32", paddr);
        who.counts().count(PhysicalAddress.cxy(paddr), AccessKind.DEVICE);
        return d.read32(who, registerOffset(d, paddr));
    }

    /**
     * @param who   the initiator.
     * @param paddr a 4-aligned physical address.
     * @param value the word.
     */
    public void write32(final Initiator who, final long paddr, final int value)
    {
        schedule.access(who);
        check(who, "write32", paddr, 4);
        write32At(who, route(who, "write32", paddr, 4), value);
    }

    private void write32At(final Initiator who, final long paddr, final int value)
    {
        check(who, "write32", paddr, 4);
        final Bank b = bankFor(paddr, 4);
        if (b != null)
        {
            beforeWrite(who, paddr, 4);
            who.counts().count(PhysicalAddress.cxy(paddr), AccessKind.WRITE);
            final int off = (int)PhysicalAddress.offset(paddr);
            stamp(who, paddr);
            b.touch(off, 4).putIntVolatile(off, value);
            wakes.written(paddr, true);
            return;
        }
        final MappedDevice d = deviceOrFail(who, "write32", paddr);
        who.counts().count(PhysicalAddress.cxy(paddr), AccessKind.DEVICE);
        d.write32(who, registerOffset(d, paddr), value);
    }

    /**
     * @param who   the initiator.
     * @param paddr an 8-aligned physical address.
     * @return the double word there (on a device: two register reads, low word first).
     */
    public long read64(final Initiator who, final long paddr)
    {
        schedule.access(who);
        check(who, "read64", paddr, 8);
        return read64At(who, route(who, "read64", paddr, 8));
    }

    private long read64At(final Initiator who, final long paddr)
    {
        check(who, "read64", paddr, 8);
        final Bank b = bankFor(paddr, 8);
        if (b != null)
        {
            who.counts().count(PhysicalAddress.cxy(paddr), AccessKind.READ);
            noteRead(who, paddr);
            final int off = (int)PhysicalAddress.offset(paddr);
            final long value = b.touch(off, 8).getLongVolatile(off);
            seen(who, paddr);
            return value;
        }
        final long lo = read32At(who, paddr) & 0xFFFF_FFFFL;
        return (long)read32At(who, paddr + 4) << 32 | lo;
    }

    /**
     * @param who   the initiator.
     * @param paddr an 8-aligned physical address.
     * @param value the double word (on a device: two register writes, low word first).
     */
    public void write64(final Initiator who, final long paddr, final long value)
    {
        schedule.access(who);
        check(who, "write64", paddr, 8);
        write64At(who, route(who, "write64", paddr, 8), value);
    }

    private void write64At(final Initiator who, final long paddr, final long value)
    {
        check(who, "write64", paddr, 8);
        final Bank b = bankFor(paddr, 8);
        if (b != null)
        {
            beforeWrite(who, paddr, 8);
            who.counts().count(PhysicalAddress.cxy(paddr), AccessKind.WRITE);
            final int off = (int)PhysicalAddress.offset(paddr);
            stamp(who, paddr);
            b.touch(off, 8).putLongVolatile(off, value);
            wakes.written(paddr, true);
            return;
        }
        write32At(who, paddr, (int)value);
        write32At(who, paddr + 4, (int)(value >>> 32));
    }

    /**
     * @param who      the initiator.
     * @param paddr    a 4-aligned RAM address.
     * @param expected the value the word must hold.
     * @param update   the value to store.
     * @return whether the word held {@code expected} and now holds {@code update}.
     */
    public boolean cas32(final Initiator who, final long paddr, final int expected, final int update)
    {
        schedule.access(who);
        check(who, "cas32", paddr, 4);
        return cas32At(who, route(who, "cas32", paddr, 4), expected, update);
    }

    private boolean cas32At(final Initiator who, final long paddr, final int expected, final int update)
    {
        final int off = atomicOffset(who, "cas32", paddr, 4);
        final boolean swapped = bankFor(paddr, 4).touch(off, 4).compareAndSetInt(off, expected, update);
        seen(who, paddr); // an atomic reads the word too
        if (swapped)
        {
            stamp(who, paddr);
            wakes.written(paddr, false);
        }
        return swapped;
    }

    /**
     * @param who      the initiator.
     * @param paddr    an 8-aligned RAM address.
     * @param expected the value the word must hold.
     * @param update   the value to store.
     * @return whether the word held {@code expected} and now holds {@code update}.
     */
    public boolean cas64(final Initiator who, final long paddr, final long expected, final long update)
    {
        schedule.access(who);
        check(who, "cas64", paddr, 8);
        return cas64At(who, route(who, "cas64", paddr, 8), expected, update);
    }

    private boolean cas64At(final Initiator who, final long paddr, final long expected, final long update)
    {
        final int off = atomicOffset(who, "cas64", paddr, 8);
        final boolean swapped = bankFor(paddr, 8).touch(off, 8).compareAndSetLong(off, expected, update);
        seen(who, paddr); // an atomic reads the word too
        if (swapped)
        {
            stamp(who, paddr);
            wakes.written(paddr, false);
        }
        return swapped;
    }

    /**
     * @param who   the initiator.
     * @param paddr a 4-aligned RAM address.
     * @param delta what to add.
     * @return the value before the addition.
     */
    public int getAndAdd32(final Initiator who, final long paddr, final int delta)
    {
        schedule.access(who);
        check(who, "add32", paddr, 4);
        return getAndAdd32At(who, route(who, "add32", paddr, 4), delta);
    }

    private int getAndAdd32At(final Initiator who, final long paddr, final int delta)
    {
        final int off = atomicOffset(who, "add32", paddr, 4);
        final int before = bankFor(paddr, 4).touch(off, 4).getAndAddInt(off, delta);
        seen(who, paddr);
        stamp(who, paddr);
        wakes.written(paddr, false);
        return before;
    }

    /**
     * @param who   the initiator.
     * @param paddr an 8-aligned RAM address.
     * @param delta what to add.
     * @return the value before the addition.
     */
    public long getAndAdd64(final Initiator who, final long paddr, final long delta)
    {
        schedule.access(who);
        check(who, "add64", paddr, 8);
        return getAndAdd64At(who, route(who, "add64", paddr, 8), delta);
    }

    private long getAndAdd64At(final Initiator who, final long paddr, final long delta)
    {
        final int off = atomicOffset(who, "add64", paddr, 8);
        final long before = bankFor(paddr, 8).touch(off, 8).getAndAddLong(off, delta);
        seen(who, paddr);
        stamp(who, paddr);
        wakes.written(paddr, false);
        return before;
    }

    /**
     * Reads RAM into a byte array, counted as one read per 4 bytes started (a word-wise copy loop).
     *
     * @param who   the initiator.
     * @param paddr where to start.
     * @param dst   where to put the bytes.
     * @param at    first index in {@code dst}.
     * @param len   bytes.
     */
    public void read(final Initiator who, final long paddr, final byte[] dst, final int at, final int len)
    {
        schedule.access(who);
        readAt(who, route(who, "read", paddr, len), dst, at, len);
    }

    private void readAt(final Initiator who, final long paddr, final byte[] dst, final int at, final int len)
    {
        final Bank b = bulk(who, "read", paddr, len);
        if (len == 0)
        {
            return;
        }
        who.counts().add(b.cxy(), AccessKind.READ, (len + 3) / 4);
        final int off = (int)PhysicalAddress.offset(paddr);
        b.touch(off, len).getBytes(off, dst, at, len);
    }

    /**
     * Writes a byte array into RAM, counted as one write per 4 bytes started.
     *
     * @param who   the initiator.
     * @param paddr where to start.
     * @param src   the bytes.
     * @param at    first index in {@code src}.
     * @param len   bytes.
     */
    public void write(final Initiator who, final long paddr, final byte[] src, final int at, final int len)
    {
        schedule.access(who);
        writeAt(who, route(who, "write", paddr, len), src, at, len);
    }

    private void writeAt(final Initiator who, final long paddr, final byte[] src, final int at, final int len)
    {
        final Bank b = bulk(who, "write", paddr, len);
        if (len == 0)
        {
            return;
        }
        beforeWrite(who, paddr, len);
        who.counts().add(b.cxy(), AccessKind.WRITE, (len + 3) / 4);
        final int off = (int)PhysicalAddress.offset(paddr);
        b.touch(off, len).putBytes(off, src, at, len);
    }

    /**
     * Sets RAM to one byte value (a memset), counted as one write per 4 bytes started.
     *
     * @param who   the initiator.
     * @param paddr where to start.
     * @param len   bytes.
     * @param value the byte.
     */
    public void set(final Initiator who, final long paddr, final int len, final byte value)
    {
        schedule.access(who);
        setAt(who, route(who, "set", paddr, len), len, value);
    }

    private void setAt(final Initiator who, final long paddr, final int len, final byte value)
    {
        final Bank b = bulk(who, "set", paddr, len);
        if (len == 0)
        {
            return;
        }
        beforeWrite(who, paddr, len);
        who.counts().add(b.cxy(), AccessKind.WRITE, (len + 3) / 4);
        final int off = (int)PhysicalAddress.offset(paddr);
        b.touch(off, len).setMemory(off, len, value);
    }

    /**
     * Copies RAM to RAM (a memcpy, possibly between clusters), counted as reads at the source and writes at the
     * destination. Overlapping ranges copy as if through a temporary buffer.
     *
     * @param who the initiator.
     * @param src source address.
     * @param dst destination address.
     * @param len bytes.
     */
    public void copy(final Initiator who, final long src, final long dst, final int len)
    {
        beforeWrite(who, route(who, "copy", dst, len), len);
        final byte[] tmp = new byte[Math.min(len, 1 << 16)];
        for (int done = 0; done < len; done += tmp.length)
        {
            final int n = Math.min(tmp.length, len - done);
            read(who, src + done, tmp, 0, n);
            write(who, dst + done, tmp, 0, n);
        }
        if (len == 0)
        {
            bulk(who, "copy", route(who, "copy", src, 0), 0);
            bulk(who, "copy", route(who, "copy", dst, 0), 0);
        }
    }

    /**
     * A window over RAM for the runtime's flyweights, counted as {@code who}'s accesses. It must be used only by
     * {@code who}'s thread.
     *
     * @param who    the initiator that will use it.
     * @param paddr  physical address of byte 0, 8-aligned.
     * @param length bytes.
     * @return the window.
     */
    public CountedWindow window(final Initiator who, final long paddr, final int length)
    {
        check(who, "window", paddr, 8);
        return windowAt(who, route(who, "window", paddr, length), length);
    }

    private CountedWindow windowAt(final Initiator who, final long paddr, final int length)
    {
        check(who, "window", paddr, 8);
        final Bank b = bulk(who, "window", paddr, length);
        final int off = (int)PhysicalAddress.offset(paddr);
        b.touch(off, Math.max(1, length));
        return new CountedWindow(b, who, off, length, wakes, who instanceof Processor p ? p.cue() : null, schedule);
    }

    /**
     * A raw view of RAM for tools (dumps, checks), not counted and not tied to an initiator.
     *
     * @param paddr  physical address of byte 0.
     * @param length bytes.
     * @return the bytes' buffer.
     * @throws IllegalArgumentException when the range is not RAM.
     */
    public UnsafeBuffer peek(final long paddr, final int length)
    {
        final Bank b = bank(PhysicalAddress.cxy(paddr));
        if (paddr < 0 || paddr > PhysicalAddress.MASK || b == null ||
            !b.contains(PhysicalAddress.offset(paddr), length))
        {
            throw new IllegalArgumentException("no RAM at " + PhysicalAddress.format(paddr) + " +" + length);
        }
        return b.window((int)PhysicalAddress.offset(paddr), length);
    }

    /**
     * Fault injection: from now on every access to the RAM of a cluster is a bus error (its device registers still
     * answer), as a dead memory bank would. Call before the cores start (their threads' start orders it before their
     * accesses).
     *
     * @param cxy the cluster.
     * @param why what the bus error says.
     */
    public void failBank(final int cxy, final String why)
    {
        failedBanks[cxy & 0xFF] = why;
    }

    private static long route(final Initiator who, final String access, final long paddr, final int length)
    {
        final AddressSpace s = who.space();
        return s == null ? paddr : s.translate(who, access, paddr, length);
    }

    private void check(final Initiator who, final String access, final long paddr, final int align)
    {
        if (paddr < 0 || paddr > PhysicalAddress.MASK)
        {
            throw new BusError(who, access, paddr, "beyond the 40-bit physical space");
        }
        if ((paddr & (align - 1)) != 0)
        {
            throw new BusError(who, access, paddr, "misaligned (needs " + align + "-byte alignment)");
        }
        failedBank(who, access, paddr);
    }

    private void failedBank(final Initiator who, final String access, final long paddr)
    {
        final int cxy = PhysicalAddress.cxy(paddr);
        final String why = failedBanks[cxy];
        if (why != null && bankFor(paddr, 1) != null)
        {
            throw new BusError(who, access, paddr, why);
        }
    }

    private Bank bankFor(final long paddr, final int len)
    {
        final Bank b = banks[PhysicalAddress.cxy(paddr)];
        return b != null && b.contains(PhysicalAddress.offset(paddr), len) ? b : null;
    }

    private MappedDevice deviceOrFail(final Initiator who, final String access, final long paddr)
    {
        final MappedDevice d = device(paddr);
        if (d == null)
        {
            throw new BusError(who, access, paddr, nothingThere(paddr));
        }
        return d;
    }

    private String nothingThere(final long paddr)
    {
        final int cxy = PhysicalAddress.cxy(paddr);
        return banks[cxy] == null && devices[cxy] == null ?
            String.format("cluster 0x%02x has no RAM and no device", cxy) : "no RAM or device register there";
    }

    private static int registerOffset(final MappedDevice d, final long paddr)
    {
        return (int)(PhysicalAddress.offset(paddr) - PhysicalAddress.offset(d.descriptor().base()));
    }

    private int atomicOffset(final Initiator who, final String access, final long paddr, final int size)
    {
        check(who, access, paddr, size);
        if (bankFor(paddr, size) == null)
        {
            final MappedDevice d = device(paddr);
            throw new BusError(who, access, paddr, d == null ? nothingThere(paddr) :
                "atomic access to a register of " + d.name() + " (devices do not support ll/sc)");
        }
        who.counts().count(PhysicalAddress.cxy(paddr), AccessKind.ATOMIC);
        return (int)PhysicalAddress.offset(paddr);
    }

    private Bank bulk(final Initiator who, final String access, final long paddr, final int len)
    {
        if (paddr < 0 || paddr > PhysicalAddress.MASK || len < 0)
        {
            throw new BusError(who, access, paddr, "beyond the 40-bit physical space");
        }
        failedBank(who, access, paddr);
        final Bank b = banks[PhysicalAddress.cxy(paddr)];
        if (b == null || !b.contains(PhysicalAddress.offset(paddr), len))
        {
            throw new BusError(who, access + " of " + len + " bytes", paddr, b == null ? nothingThere(paddr) :
                "range leaves the RAM of cluster " + String.format("0x%02x", b.cxy()) + " (" + b.size() + " bytes)");
        }
        return b;
    }
}
