package org.smpboot.sim.hyper;

import java.util.ArrayList;
import java.util.List;

import org.smpboot.sim.hw.Hat;
import org.smpboot.sim.hw.Processor;

/**
 * What the HATs of one instance hold (seed 000, "Configuration des Hats"), and how the hypervisor core writes it into
 * a HAT's registers over the bus ({@link Hat} has the register map): guest cluster {@code k} stands for machine
 * cluster {@code clusters[k]}, where only the cluster-local ranges of its RAM and internal devices are reachable
 * (LOCAL); the instance's I/O channels are remapped windows (REMAP). Every HAT of the instance (its clusters' core
 * and DMA HATs, its IOC channel's and its IOPIC's) holds the same tables; a core HAT also holds its cluster's guest
 * number.
 *
 * @param instance the instance.
 * @param clusters the machine cluster of each guest cluster.
 * @param locals   cluster offset and size of each reachable local range.
 * @param remaps   the I/O windows.
 */
record HatProgram(int instance, List<Integer> clusters, List<long[]> locals, List<Remap> remaps)
{
    /**
     * A guest window standing for a machine range.
     *
     * @param guest   40-bit guest address.
     * @param size    bytes.
     * @param machine 40-bit machine address.
     * @param what    what it is, for the log.
     */
    record Remap(long guest, long size, long machine, String what)
    {
    }

    /** Bytes of the RAM range a {@link HatMistake#SHORT_RAM} HAT lets through. */
    static final long SHORT_RAM_BYTES = 8L << 20;

    HatProgram
    {
        if (clusters.size() > Hat.MAPS || locals.size() > Hat.LOCALS || remaps.size() > Hat.REMAPS)
        {
            throw new IllegalArgumentException("a HAT holds " + Hat.MAPS + " clusters, " + Hat.LOCALS + " local " +
                "ranges and " + Hat.REMAPS + " windows; instance " + instance + " needs " + clusters.size() + ", " +
                locals.size() + " and " + remaps.size());
        }
        clusters = List.copyOf(clusters);
        locals = List.copyOf(locals);
        remaps = List.copyOf(remaps);
    }

    /**
     * The program as a mistaken hypervisor would write it (the explorer's negative controls).
     *
     * @param mistake the mistake.
     * @param other   a machine cluster of another instance (or the hypervisor's), for {@link HatMistake#LEAKY_MAP}.
     * @return the program with the mistake.
     */
    HatProgram with(final HatMistake mistake, final int other)
    {
        return switch (mistake)
        {
            case NONE -> this;
            case LEAKY_MAP ->
            {
                final List<Integer> leaky = new ArrayList<>(clusters);
                leaky.add(other);
                yield new HatProgram(instance, leaky, locals, remaps);
            }
            case SHORT_RAM -> new HatProgram(instance, clusters, locals.stream().map(l -> l[0] == 0 ?
                new long[] {0, Math.min(l[1], SHORT_RAM_BYTES)} : l).toList(), remaps);
        };
    }

    /**
     * Writes the program into a HAT and enables it.
     *
     * @param core     the hypervisor core.
     * @param hat      the HAT's machine address.
     * @param guestCxy the guest number of the cluster whose cores it serves (0 for a bus master's).
     */
    void write(final Processor core, final long hat, final int guestCxy)
    {
        core.bus().write32(core, hat + Hat.CONTROL, 0);
        core.bus().write32(core, hat + Hat.INSTANCE, instance);
        core.bus().write32(core, hat + Hat.GUEST_CXY, guestCxy);
        for (int k = 0; k < Hat.MAPS; k++)
        {
            core.bus().write32(core, hat + Hat.MAP + 4L * k, k < clusters.size() ? Hat.VALID | clusters.get(k) : 0);
        }
        for (int j = 0; j < Hat.LOCALS; j++)
        {
            final long[] l = j < locals.size() ? locals.get(j) : new long[2];
            core.bus().write32(core, hat + Hat.LOCAL + 8L * j, (int)l[0]);
            core.bus().write32(core, hat + Hat.LOCAL + 8L * j + 4, (int)l[1]);
        }
        for (int r = 0; r < Hat.REMAPS; r++)
        {
            final long at = hat + Hat.REMAP + (long)Hat.REMAP_SIZE * r;
            final Remap w = r < remaps.size() ? remaps.get(r) : new Remap(0, 0, 0, "");
            core.bus().write32(core, at, (int)w.guest());
            core.bus().write32(core, at + 4, (int)(w.guest() >>> 32));
            core.bus().write32(core, at + 8, (int)w.size());
            core.bus().write32(core, at + 12, (int)w.machine());
            core.bus().write32(core, at + 16, (int)(w.machine() >>> 32));
        }
        core.bus().write32(core, hat + Hat.FAULT, 0);
        core.bus().write32(core, hat + Hat.CONTROL, Hat.ENABLE);
    }

    /**
     * Makes a HAT refuse every access: its instance is being stopped.
     *
     * @param core the hypervisor core.
     * @param hat  the HAT's machine address.
     */
    static void stop(final Processor core, final long hat)
    {
        core.bus().write32(core, hat + Hat.CONTROL, Hat.ENABLE | Hat.STOP);
    }

    /**
     * Clears a HAT back to its reset state, so that it is free for another instance.
     *
     * @param core the hypervisor core.
     * @param hat  the HAT's machine address.
     */
    static void clear(final Processor core, final long hat)
    {
        core.bus().write32(core, hat + Hat.CONTROL, 0);
        core.bus().write32(core, hat + Hat.ACTIVE, 0);
        core.bus().write32(core, hat + Hat.INSTANCE, 0);
        core.bus().write32(core, hat + Hat.GUEST_CXY, 0);
        for (int k = 0; k < Hat.MAPS; k++)
        {
            core.bus().write32(core, hat + Hat.MAP + 4L * k, 0);
        }
        for (int w = 0; w < 2 * Hat.LOCALS; w++)
        {
            core.bus().write32(core, hat + Hat.LOCAL + 4L * w, 0);
        }
        for (int r = 0; r < Hat.REMAPS; r++)
        {
            for (int w = 0; w < 5; w++)
            {
                core.bus().write32(core, hat + Hat.REMAP + (long)Hat.REMAP_SIZE * r + 4L * w, 0);
            }
        }
        core.bus().write32(core, hat + Hat.FAULT, 0);
    }
}
