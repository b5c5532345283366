package org.smpboot.sim.hw;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The machine's interconnect as the cores and the devices that master it see it: 32- and 64-bit loads, stores and
 * atomics, bulk transfers and windows on a 40-bit physical address. The bus itself is a facade over three parts:
 * {@link AddressMap} decodes an address (a bank, a device's registers or a {@link BusError}; an initiator's HAT),
 * {@link AccessPort} does the per-access work of every access (scheduling point, counting, cycles, stamps, wakes,
 * the write watcher) for the bus and the {@link CountedWindow}s alike, and {@link BulkTransfer} moves byte ranges.
 *
 * <p>Alignment: 4 bytes for 32-bit accesses, 8 for 64-bit ones, as MIPS requires. Atomics reach RAM only. A 64-bit
 * access to a device is two register accesses, low word first. Memory ordering: see {@link AccessPort}.
 */
public final class Bus
{
    private final AddressMap map;
    private final AccessPort port;
    private final BulkTransfer bulk;
    private final CodeRanges code = new CodeRanges();

    /**
     * @param bankList the banks, one per cluster with RAM.
     */
    public Bus(final List<Bank> bankList)
    {
        this.map = new AddressMap(bankList);
        this.port = new AccessPort(map, new WakeTable());
        this.bulk = new BulkTransfer(map, port);
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
    public void attach(final List<MappedDevice> deviceList)
    {
        map.attach(deviceList);
    }

    /**
     * @param s who runs when, consulted before every access; set before any core runs ({@link Schedule#PARALLEL}
     *          by default).
     */
    public void schedule(final Schedule s)
    {
        port.schedule(s);
    }

    /** @return the table that wakes cores waiting on a word when it is written. */
    public WakeTable wakes()
    {
        return port.wakes();
    }

    /** @return the one access path of this bus and its windows. */
    AccessPort port()
    {
        return port;
    }

    /**
     * @param w told of every store into RAM (word stores and atomics through the bus or a {@link CountedWindow}, bulk
     *          writes, sets and copies) before it happens, or null for none.
     */
    public void watch(final WriteWatcher w)
    {
        port.watch(w);
    }

    /**
     * @param cxy a cluster.
     * @return its bank, or null when it has no RAM.
     */
    public Bank bank(final int cxy)
    {
        return map.bank(cxy);
    }

    /**
     * @param paddr a physical address.
     * @return the device whose registers cover it, or null.
     */
    public MappedDevice device(final long paddr)
    {
        return map.device(paddr);
    }

    /**
     * @param who   the initiator.
     * @param paddr a 4-aligned physical address.
     * @return the word there.
     */
    public int read32(final Initiator who, final long paddr)
    {
        return (int)port.bus(who, "read32", paddr, 4, AccessPort.Op.LOAD_VOLATILE, 0, 0);
    }

    /**
     * @param who   the initiator.
     * @param paddr a 4-aligned physical address.
     * @param value the word.
     */
    public void write32(final Initiator who, final long paddr, final int value)
    {
        port.bus(who, "write32", paddr, 4, AccessPort.Op.STORE_VOLATILE, value, 0);
    }

    /**
     * @param who   the initiator.
     * @param paddr an 8-aligned physical address.
     * @return the double word there (on a device: two register reads, low word first).
     */
    public long read64(final Initiator who, final long paddr)
    {
        return port.bus(who, "read64", paddr, 8, AccessPort.Op.LOAD_VOLATILE, 0, 0);
    }

    /**
     * @param who   the initiator.
     * @param paddr an 8-aligned physical address.
     * @param value the double word (on a device: two register writes, low word first).
     */
    public void write64(final Initiator who, final long paddr, final long value)
    {
        port.bus(who, "write64", paddr, 8, AccessPort.Op.STORE_VOLATILE, value, 0);
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
        return port.bus(who, "cas32", paddr, 4, AccessPort.Op.CAS, update, expected) != 0;
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
        return port.bus(who, "cas64", paddr, 8, AccessPort.Op.CAS, update, expected) != 0;
    }

    /**
     * @param who   the initiator.
     * @param paddr a 4-aligned RAM address.
     * @param delta what to add.
     * @return the value before the addition.
     */
    public int getAndAdd32(final Initiator who, final long paddr, final int delta)
    {
        return (int)port.bus(who, "add32", paddr, 4, AccessPort.Op.GET_AND_ADD, delta, 0);
    }

    /**
     * @param who   the initiator.
     * @param paddr an 8-aligned RAM address.
     * @param delta what to add.
     * @return the value before the addition.
     */
    public long getAndAdd64(final Initiator who, final long paddr, final long delta)
    {
        return port.bus(who, "add64", paddr, 8, AccessPort.Op.GET_AND_ADD, delta, 0);
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
        bulk.read(who, paddr, dst, at, len);
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
        bulk.write(who, paddr, src, at, len);
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
        bulk.set(who, paddr, len, value);
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
        bulk.copy(who, src, dst, len);
    }

    /**
     * A window over RAM for the runtime's flyweights, whose every access goes through this bus's {@link AccessPort}
     * as {@code who}'s. It must be used only by {@code who}'s thread.
     *
     * @param who    the initiator that will use it.
     * @param paddr  physical address of byte 0, 8-aligned.
     * @param length bytes.
     * @return the window.
     */
    public CountedWindow window(final Initiator who, final long paddr, final int length)
    {
        map.check(who, "window", paddr, 8);
        final long machine = AddressMap.route(who, "window", paddr, length);
        map.check(who, "window", machine, 8);
        // no page is touched here: each access touches its own pages (AccessPort), so a window over a 1 MiB zone
        // of which the boot uses a few stacks backs those pages only, as the interleaved windows do
        return new CountedWindow(port, map.bulk(who, "window", machine, length), who, machine, length);
    }

    /**
     * An interleaved window for the runtime's flyweights: a structure spread over several clusters' banks, stripe by
     * stripe (stripe {@code s} in cluster {@code clusters[s % n]}, at {@code vaddr + (s / n) * stripe} there), so
     * that its words are served by as many memory controllers. Every access goes through this bus's
     * {@link AccessPort} as {@code who}'s; a word access may not cross a stripe.
     *
     * @param who          the initiator that will use it.
     * @param clusters     the clusters, in stripe order.
     * @param vaddr        the 32-bit address of the first stripe in each cluster, 8-aligned.
     * @param stripe       bytes per stripe, a multiple of 8.
     * @param length       bytes of the whole.
     * @param writesOnlyTo a cluster whose stripes alone receive stores (the others' are dropped: a first-touch
     *                     initialisation of the part that lives in one cluster), or -1 for none.
     * @return the window.
     */
    public CountedWindow interleavedWindow(final Initiator who, final int[] clusters, final int vaddr,
        final int stripe, final int length, final int writesOnlyTo)
    {
        if (clusters.length == 0 || stripe <= 0 || stripe % 8 != 0)
        {
            throw new IllegalArgumentException("an interleaved window needs clusters and a stripe of a multiple of 8 " +
                "bytes, got " + clusters.length + " clusters and " + stripe);
        }
        final Bank[] banks = new Bank[clusters.length];
        final long[] bases = new long[clusters.length];
        final int stripes = (length + stripe - 1) / stripe;
        final int perCluster = ((stripes + clusters.length - 1) / clusters.length) * stripe;
        for (int i = 0; i < clusters.length; i++)
        {
            final long at = PhysicalAddress.of(clusters[i], vaddr);
            map.check(who, "window", at, 8);
            final long machine = AddressMap.route(who, "window", at, perCluster);
            banks[i] = map.bulk(who, "window", machine, perCluster);
            bases[i] = machine;
        }
        return new CountedWindow(port, banks, bases, stripe, who, length, writesOnlyTo);
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
        map.failBank(cxy, why);
    }

    /** @return where the functions of every code map on this bus run, for the code guard's quick test. */
    CodeRanges codeRanges()
    {
        return code;
    }

    /**
     * Instruction fetches of the code a core runs, through its L1 instruction cache: see {@link AccessPort#fetch}.
     *
     * @param who   the core.
     * @param paddr the code's machine address.
     * @param len   its bytes.
     */
    void fetch(final Processor who, final long paddr, final int len)
    {
        port.fetch(who, paddr, len);
    }

    /**
     * @param d a device on this bus.
     * @return its service queue in virtual time.
     */
    public ServiceQueue queue(final MappedDevice d)
    {
        return port.queue(d);
    }
}
