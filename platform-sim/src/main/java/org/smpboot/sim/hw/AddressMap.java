package org.smpboot.sim.hw;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Address decoding: what answers at a 40-bit physical address. The bank of the address's cluster (offsets below the
 * bank's size) or the registers of a device mapped there; anything else, a misaligned address, an address beyond the
 * 40-bit space or a bank that fault injection failed is a {@link BusError} naming the initiator, the access and the
 * address.
 *
 * <p>Address spaces: an initiator with an {@link Initiator#space()} (a core or a DMA behind a hypervisor's HAT) issues
 * addresses of that space; {@link #route} translates them once, after the alignment check and before anything is
 * read or written, so an access the space refuses touches nothing. Without a space (the default) addresses are the
 * machine's.
 *
 * <p>Decoding does no accounting: the {@link AccessPort} counts, costs and schedules what it decodes.
 */
public final class AddressMap
{
    private final Bank[] banks = new Bank[PhysicalAddress.CXY_SPACE];
    private final MappedDevice[][] devices = new MappedDevice[PhysicalAddress.CXY_SPACE][];
    /** Fault injection: why a cluster's bank answers every access with a bus error, or null (most). */
    private final String[] failedBanks = new String[PhysicalAddress.CXY_SPACE];

    /**
     * @param bankList the banks, one per cluster with RAM.
     */
    AddressMap(final List<Bank> bankList)
    {
        for (final Bank b : bankList)
        {
            banks[b.cxy()] = b;
        }
    }

    /**
     * Maps the devices' registers: see {@link Bus#attach(List)}.
     *
     * @param deviceList the devices; none may overlap a bank or another device.
     * @throws IllegalArgumentException on an overlap.
     */
    synchronized void attach(final List<MappedDevice> deviceList)
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
     * @param cxy a cluster.
     * @return its bank, or null when it has no RAM.
     */
    Bank bank(final int cxy)
    {
        return banks[cxy & 0xFF];
    }

    /**
     * @param paddr a physical address.
     * @return the device whose registers cover it, or null.
     */
    MappedDevice device(final long paddr)
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
     * Fault injection: every access to the RAM of a cluster is a bus error from now on (see {@link Bus#failBank}).
     *
     * @param cxy the cluster.
     * @param why what the bus error says.
     */
    void failBank(final int cxy, final String why)
    {
        failedBanks[cxy & 0xFF] = why;
    }

    /**
     * Checks a word access's address as issued, translates it through the initiator's space, and checks the machine
     * address again.
     *
     * @param who    the initiator.
     * @param access the access's name, for errors ({@code read32}).
     * @param paddr  the address as issued.
     * @param width  its bytes, the alignment it needs.
     * @return the machine address.
     */
    long word(final Initiator who, final String access, final long paddr, final int width)
    {
        check(who, access, paddr, width);
        final long machine = route(who, access, paddr, width);
        check(who, access, machine, width);
        return machine;
    }

    /**
     * @param paddr a machine address.
     * @param len   bytes from it.
     * @return the bank that holds the whole range, or null.
     */
    Bank bankFor(final long paddr, final int len)
    {
        final Bank b = banks[PhysicalAddress.cxy(paddr)];
        return b != null && b.contains(PhysicalAddress.offset(paddr), len) ? b : null;
    }

    /**
     * @param who    the initiator.
     * @param access the access's name.
     * @param paddr  a machine address that no bank holds.
     * @return the device whose registers cover it.
     * @throws BusError when none does.
     */
    MappedDevice deviceOrFail(final Initiator who, final String access, final long paddr)
    {
        final MappedDevice d = device(paddr);
        if (d == null)
        {
            throw new BusError(who, access, paddr, nothingThere(paddr));
        }
        return d;
    }

    /**
     * @param who    the initiator.
     * @param access the atomic's name.
     * @param paddr  a checked machine address.
     * @param size   its bytes.
     * @return the bank holding the word: atomics reach RAM only.
     * @throws BusError on a device register (devices do not support ll/sc) or nothing.
     */
    Bank atomicBank(final Initiator who, final String access, final long paddr, final int size)
    {
        final Bank b = bankFor(paddr, size);
        if (b == null)
        {
            final MappedDevice d = device(paddr);
            throw new BusError(who, access, paddr, d == null ? nothingThere(paddr) :
                "atomic access to a register of " + d.name() + " (devices do not support ll/sc)");
        }
        return b;
    }

    /**
     * @param who    the initiator.
     * @param access the transfer's name.
     * @param paddr  a machine address.
     * @param len    bytes.
     * @return the bank holding the whole range.
     * @throws BusError when the range is not all in one bank.
     */
    Bank bulk(final Initiator who, final String access, final long paddr, final int len)
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

    /**
     * @param who    the initiator.
     * @param access the access's name.
     * @param paddr  the address as issued.
     * @param length bytes.
     * @return the machine address: translated by the initiator's space, if it has one.
     */
    static long route(final Initiator who, final String access, final long paddr, final int length)
    {
        final AddressSpace s = who.space();
        return s == null ? paddr : s.translate(who, access, paddr, length);
    }

    /**
     * @param who    the initiator.
     * @param access the access's name.
     * @param paddr  an address.
     * @param align  the alignment it needs.
     * @throws BusError when it lies beyond the 40-bit space, is misaligned or in a failed bank.
     */
    void check(final Initiator who, final String access, final long paddr, final int align)
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
        final String why = failedBanks[PhysicalAddress.cxy(paddr)];
        if (why != null && bankFor(paddr, 1) != null)
        {
            throw new BusError(who, access, paddr, why);
        }
    }

    private String nothingThere(final long paddr)
    {
        final int cxy = PhysicalAddress.cxy(paddr);
        return banks[cxy] == null && devices[cxy] == null ?
            String.format("cluster 0x%02x has no RAM and no device", cxy) : "no RAM or device register there";
    }

    /**
     * @param d     a device.
     * @param paddr a machine address among its registers.
     * @return the register's offset from the device's base.
     */
    static int registerOffset(final MappedDevice d, final long paddr)
    {
        return (int)(PhysicalAddress.offset(paddr) - PhysicalAddress.offset(d.descriptor().base()));
    }
}
