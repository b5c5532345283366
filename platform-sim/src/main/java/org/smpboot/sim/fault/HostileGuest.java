package org.smpboot.sim.fault;

import java.util.Locale;

import org.smpboot.sim.hw.CodeEntry;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hyper.GuestFault;

/**
 * The fault kind of the hypervisor shell's {@code run --fault}: a hostile guest. On entering kernel_init, the
 * instance's core 0 (guest gid 0) reads or writes one word at a guest address of the fault's choice, then goes on.
 * Outside the instance's clusters and channels the access is a HAT fault: nothing is read or written, the hypervisor
 * reports it and stops that instance alone. Inside, it is the guest's own business (a write may break its own boot).
 *
 * <p>Written {@code hostile-guest:read:ADDR} or {@code hostile-guest:write:ADDR}, ADDR a 4-aligned 40-bit guest
 * address in 0x hexadecimal (or decimal).
 *
 * @param write   a write (of {@link #VALUE}) rather than a read.
 * @param address the 40-bit guest address, 4-aligned.
 */
public record HostileGuest(boolean write, long address) implements GuestFault
{
    /** The kind's name in {@code --fault}. */
    public static final String KIND = "hostile-guest";
    /** Its arguments, as help shows them. */
    public static final String ARGS = "read|write:ADDR";
    /** What a hostile write stores. */
    public static final int VALUE = 0xBAD0_BAD0;

    /**
     * @param spec {@code hostile-guest:read:ADDR} or {@code hostile-guest:write:ADDR}.
     * @return the fault.
     * @throws IllegalArgumentException one line naming what is wrong (at most 40 characters of the spec repeated).
     */
    public static HostileGuest parse(final String spec)
    {
        final String[] p = spec.trim().toLowerCase(Locale.ROOT).split(":", -1);
        final String shown = spec.length() <= 40 ? spec : spec.substring(0, 40) + "...";
        if (p.length != 3 || !p[0].equals(KIND) || !(p[1].equals("read") || p[1].equals("write")))
        {
            throw new IllegalArgumentException("--fault " + shown + ": expected " + KIND + ":" + ARGS);
        }
        final long a;
        try
        {
            final String n = p[2].replace("_", "");
            a = n.startsWith("0x") ? Long.parseLong(n.substring(2), 16) : Long.parseLong(n);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("--fault " + shown + ": the address is not a number (decimal or 0x " +
                "hexadecimal)");
        }
        if (a < 0 || a > PhysicalAddress.MASK || (a & 3) != 0)
        {
            throw new IllegalArgumentException("--fault " + shown + ": the address must be 4-aligned and below 2^40");
        }
        return new HostileGuest(p[1].equals("write"), a);
    }

    @Override
    public String spec()
    {
        return KIND + ":" + (write ? "write" : "read") + ":" + PhysicalAddress.format(address);
    }

    @Override
    public void install(final CodeMap code)
    {
        final CodeEntry kernelInit = code.binding("kernel_init");
        code.bind("kernel_init", core ->
        {
            if (core.gid() == 0)
            {
                core.phase("hostile guest: " + (write ? "write" : "read") + " at " + PhysicalAddress.format(address));
                if (write)
                {
                    core.bus().write32(core, address, VALUE);
                }
                else
                {
                    core.bus().read32(core, address);
                }
            }
            return kernelInit.run(core);
        });
    }
}
