package org.smpboot.sim.hyper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.smpboot.sim.hw.PhysicalAddress;

/**
 * What the HATs of one instance hold: which guest ranges exist and the machine addresses they stand for. The guest's
 * clusters are numbered 0..N-1 in its own arch-info; guest cluster {@code k} stands for machine cluster
 * {@code clusters[k]}, but only its RAM and its internal devices (XCU, MMC, DMA) are reachable there. The external
 * devices of the guest's I/O cluster (its IOC, TTY, frame buffer and IOPIC) stand for the channels the hypervisor gave
 * the instance. Anything else is outside the instance: a HAT fault.
 *
 * <p>Immutable; {@link #translate} is a lookup in the guest cluster's few windows, safe from any thread.
 */
public final class HatTable
{
    /**
     * A guest range and the machine range it stands for.
     *
     * @param guest   40-bit guest address of byte 0.
     * @param size    bytes.
     * @param machine 40-bit machine address of byte 0.
     * @param what    what it is, for listings.
     */
    public record Window(long guest, long size, long machine, String what)
    {
    }

    private final int instance;
    private final int[] clusters;
    private final int[] guestOf = new int[PhysicalAddress.CXY_SPACE];
    private final List<List<Window>> byCxy = new ArrayList<>();

    /**
     * @param instance the instance number.
     * @param clusters machine cluster of each guest cluster, guest cluster 0 first.
     * @param windows  every guest window; each lies in one guest cluster.
     */
    public HatTable(final int instance, final List<Integer> clusters, final List<Window> windows)
    {
        this.instance = instance;
        this.clusters = clusters.stream().mapToInt(Integer::intValue).toArray();
        Arrays.fill(guestOf, -1);
        for (int k = 0; k < this.clusters.length; k++)
        {
            guestOf[this.clusters[k]] = k;
        }
        for (int c = 0; c < PhysicalAddress.CXY_SPACE; c++)
        {
            byCxy.add(new ArrayList<>());
        }
        for (final Window w : windows)
        {
            byCxy.get(PhysicalAddress.cxy(w.guest())).add(w);
        }
    }

    /** @return the instance number. */
    public int instance()
    {
        return instance;
    }

    /** @return the machine cluster of each guest cluster. */
    public List<Integer> clusters()
    {
        return Arrays.stream(clusters).boxed().toList();
    }

    /**
     * @param machineCxy a machine cluster.
     * @return its number in the instance, or -1 when it is not the instance's.
     */
    public int guestCxy(final int machineCxy)
    {
        return guestOf[machineCxy & 0xFF];
    }

    /**
     * @param guestAddress a 40-bit guest address.
     * @param length       bytes from it (0: the address alone).
     * @return the machine address, or -1 when any byte of the range lies outside the instance's windows.
     */
    public long translate(final long guestAddress, final int length)
    {
        if (guestAddress < 0 || guestAddress > PhysicalAddress.MASK || length < 0)
        {
            return -1;
        }
        for (final Window w : byCxy.get(PhysicalAddress.cxy(guestAddress)))
        {
            final long off = guestAddress - w.guest();
            if (off >= 0 && off < w.size() && off + length <= w.size())
            {
                return w.machine() + off;
            }
        }
        return -1;
    }

    /** @return every window, guest cluster by guest cluster. */
    public List<Window> windows()
    {
        return byCxy.stream().flatMap(List::stream).toList();
    }
}
