package org.smpboot.sim.hyper;

import org.smpboot.sim.hw.AddressSpace;
import org.smpboot.sim.hw.BusError;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.Initiator;

/**
 * One hardware address translation unit: the HAT of a cluster (its cores once they activate it, and its DMA) or of
 * an I/O channel (the instance's block device and IOPIC). The hypervisor configures it with an instance's
 * {@link HatTable} while nothing uses it; an initiator behind it then issues guest addresses, which it translates to
 * machine addresses, or refuses: a refused access is a HAT fault, reported to the instance's {@link HatFaults} and
 * raised as a {@link BusError} before anything is read or written. A revoked HAT (its instance is being stopped)
 * refuses everything, so the instance's cores stop at their next access.
 *
 * <p>Thread safety: the configuration is one immutable {@link Binding} behind a volatile reference, replaced as a
 * whole; readers on any thread see a whole binding.
 */
public final class Hat implements AddressSpace
{
    /**
     * A configuration.
     *
     * @param table   the instance's windows.
     * @param code    the instance's code map.
     * @param faults  where refusals go.
     * @param revoked whether everything is refused.
     */
    record Binding(HatTable table, CodeMap code, HatFaults faults, boolean revoked)
    {
    }

    private final String name;
    private final int pWidth;
    private volatile Binding binding;

    /**
     * @param name   how faults name it, such as {@code hat[0x05]}.
     * @param pWidth bits of lid in a gid.
     */
    public Hat(final String name, final int pWidth)
    {
        this.name = name;
        this.pWidth = pWidth;
    }

    /** @return its name. */
    public String name()
    {
        return name;
    }

    /**
     * @param table  the instance's windows.
     * @param code   the instance's code map.
     * @param faults where refusals go.
     */
    public void configure(final HatTable table, final CodeMap code, final HatFaults faults)
    {
        binding = new Binding(table, code, faults, false);
    }

    /** Refuses every access from now on (the instance is being stopped). */
    public void revoke()
    {
        final Binding b = binding;
        if (b != null)
        {
            binding = new Binding(b.table(), b.code(), b.faults(), true);
        }
    }

    /** Forgets the instance: the HAT is free for another. */
    public void clear()
    {
        binding = null;
    }

    /** @return the table, or null when not configured. */
    public HatTable table()
    {
        final Binding b = binding;
        return b == null ? null : b.table();
    }

    @Override
    public long translate(final Initiator who, final String access, final long paddr, final int length)
    {
        final Binding b = binding;
        if (b == null)
        {
            throw new BusError(who, access, paddr, name + " is not configured: no instance owns it");
        }
        if (b.revoked())
        {
            throw new BusError(who, access, paddr, name + ": instance " + b.table().instance() +
                " is stopped, its HAT refuses every access");
        }
        final long machine = b.table().translate(paddr, Math.max(length, 0));
        if (machine < 0)
        {
            b.faults().refused(this, who, access, paddr, length);
            throw new BusError(who, access, paddr, "HAT fault: outside the clusters and channels of instance " +
                b.table().instance());
        }
        return machine;
    }

    @Override
    public int gid(final int machineGid)
    {
        final Binding b = binding;
        final int guest = b == null ? -1 : b.table().guestCxy(machineGid >>> pWidth);
        return guest < 0 ? machineGid : guest << pWidth | machineGid & ((1 << pWidth) - 1);
    }

    @Override
    public CodeMap code()
    {
        final Binding b = binding;
        if (b == null)
        {
            throw new IllegalStateException(name + " is not configured: no code to jump to");
        }
        return b.code();
    }

    @Override
    public String toString()
    {
        final Binding b = binding;
        return name + (b == null ? " free" :
            " -> instance " + b.table().instance() + (b.revoked() ? " (revoked)" : ""));
    }
}
