package org.smpboot.sim.hyper;

import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Hat;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;

/**
 * The hypervisor's monitor: at each tick of the shell core's timer ({@link Hypervisor#idle}) it looks at every running
 * instance, in order, through registers:
 * <ul>
 * <li>a refused access recorded by one of the instance's HATs (its FAULT registers) is a HAT fault: logged with the
 * core, the access and the guest address, and that instance alone is stopped;</li>
 * <li>a core of the instance that stopped on its own (STOPPED but not held in RESET: halted or faulted) stops the
 * instance, logged with the core's fault (the trap's cause, as the simulator recorded it);</li>
 * <li>kernel_init complete (every core ticking in its idle thread, as the instance's kernel records it) is logged
 * once, with the cycles since the launch;</li>
 * <li>an instance still booting past its bound is stopped as timed out.</li>
 * </ul>
 * It runs on the shell's core, between two of its waits, not on a host thread: its reads are counted, traced and
 * costed as the hypervisor's, and a deterministic run replays them at the same points.
 */
final class InstanceMonitor
{
    private final Hypervisor hv;

    InstanceMonitor(final Hypervisor hv)
    {
        this.hv = hv;
    }

    /**
     * Looks at every running instance once.
     *
     * @param core the shell's core.
     */
    void check(final Processor core)
    {
        if (hv.instances().isEmpty())
        {
            return;
        }
        core.phase("hypervisor: monitor");
        for (final Instance i : hv.instances().values())
        {
            if (i.live() && i.launched != 0)
            {
                check(core, i);
            }
        }
    }

    private void check(final Processor core, final Instance i)
    {
        // the cores that stopped on their own first, then the HATs' records: a core refused by its HAT has its fault
        // recorded before it stops, so a stopped core's HAT fault is always seen with it
        int cluster = -1;
        int stopped = 0;
        for (int k = 0; k < i.clusters.size() && stopped == 0; k++)
        {
            final long at = Hypervisor.hat(i.clusters.get(k));
            stopped = core.bus().read32(core, at + Hat.STOPPED) & ~core.bus().read32(core, at + Hat.RESET) &
                i.lids(k);
            cluster = i.clusters.get(k);
        }
        final String hat = hatFault(core, i);
        if (hat != null)
        {
            hv.log(core, hat);
            hv.stop(core, i, Instance.State.FAULTED, "HAT fault");
            return;
        }
        if (stopped != 0)
        {
            final int gid = cluster << hv.arch().pWidth() | Integer.numberOfTrailingZeros(stopped);
            final String name = coreName(gid);
            // the trap's cause, as the simulator recorded the core's fault (its message names the core)
            final String why = hv.machine().faults().stream().map(CoreFault::getMessage)
                .filter(m -> m.contains(name)).reduce((a, b) -> b).orElse(name + " halted");
            hv.log(core, "instance " + i.id + ": core fault: " + Clip.cut(why, 400));
            hv.stop(core, i, Instance.State.FAULTED, "core fault on " + name);
            return;
        }
        if (i.state() == Instance.State.BOOTING && i.kernel.completion().getCount() == 0)
        {
            final String after = Hypervisor.millis(Hypervisor.now(core) - i.launched);
            hv.log(core, "instance " + i.id + ": kernel_init complete " + after + " after its launch, on " +
                "clusters " + ClusterAllocator.format(i.clusters) + " (" + i.cores() + " cores); TXT0: instance" +
                i.id + "/tty0.log");
            i.state(Instance.State.COMPLETE, "kernel_init complete after " + after);
            return;
        }
        if (i.state() == Instance.State.BOOTING && Hypervisor.now(core) - i.deadline > 0)
        {
            final String bound = Hypervisor.millis(hv.settings().timeout().toNanos());
            hv.log(core, "instance " + i.id + ": kernel_init not complete " + bound + " after its launch");
            hv.stop(core, i, Instance.State.TIMED_OUT, "not complete after " + bound);
        }
    }

    // the first refusal any HAT of the instance recorded, as one line, or null
    private String hatFault(final Processor core, final Instance i)
    {
        for (int k = 0; k < i.clusters.size(); k++)
        {
            final String f = read(core, i, Hypervisor.hat(i.clusters.get(k)), String.format("hat[0x%02x]",
                i.clusters.get(k)));
            if (f != null)
            {
                return f;
            }
            final String d = read(core, i, Hypervisor.dmaHat(i.clusters.get(k)), String.format("dma-hat[0x%02x]",
                i.clusters.get(k)));
            if (d != null)
            {
                return d;
            }
        }
        final String ioc = read(core, i, hv.iocHat(i.ioc), "ioc-hat[" + i.ioc + "]");
        return ioc != null ? ioc : read(core, i, hv.picHat(i.tty), "pic-hat[" + i.tty + "]");
    }

    private String read(final Processor core, final Instance i, final long hat, final String name)
    {
        if ((core.bus().read32(core, hat + Hat.FAULT) & 1) == 0)
        {
            return null;
        }
        final long address = (core.bus().read32(core, hat + Hat.FAULT_ADDR_HI) & 0xFFL) << 32 |
            core.bus().read32(core, hat + Hat.FAULT_ADDR_LO) & 0xFFFF_FFFFL;
        final int who = core.bus().read32(core, hat + Hat.FAULT_WHO);
        final int access = core.bus().read32(core, hat + Hat.FAULT_ACCESS);
        final int guestCxy = core.bus().read32(core, hat + Hat.GUEST_CXY);
        final int p = hv.arch().pWidth();
        final String initiator = who == Hat.DEVICE ? "a device" : String.format("%s (guest gid 0x%03x)", coreName(who),
            guestCxy << p | who & ((1 << p) - 1));
        final int code = access & 0xFF;
        return String.format("HAT fault: instance %d, %s, %s of %d bytes at guest address %s (%s): outside its " +
            "clusters and channels, nothing read or written", i.id, initiator, code < Hat.ACCESS_NAMES.size() ?
            Hat.ACCESS_NAMES.get(code) : "access " + code, access >>> 8, PhysicalAddress.format(address), name);
    }

    private String coreName(final int gid)
    {
        final int p = hv.arch().pWidth();
        return String.format("core[0x%02x,%d] gid 0x%03x", gid >>> p, gid & ((1 << p) - 1), gid);
    }
}
