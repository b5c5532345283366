package org.smpboot.sim.hyper;

import org.agrona.concurrent.UnsafeBuffer;
import org.smpboot.sim.hw.Bank;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Xcu;
import org.smpboot.sim.platform.Device;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;

/** What {@code kill} does to a cluster before it is free again: its XCU reset, its memory scrubbed. */
final class ClusterReset
{
    private ClusterReset()
    {
    }

    /**
     * @param hard a platform.
     * @param cxy  a cluster with cores.
     * @return the base of its XCU.
     */
    static long xcu(final Platform hard, final int cxy)
    {
        return hard.devices().stream().filter(d -> d.cxy() == cxy && d.type() == DeviceType.ICU_XCU).findFirst()
            .orElseThrow().base();
    }

    /**
     * Puts a cluster's XCU back as the hypervisor expects it: timers stopped and acknowledged, mailboxes read (so
     * acknowledged), every mask cleared.
     *
     * @param machine the machine.
     * @param hyper   who writes the registers.
     * @param cxy     the cluster.
     */
    static void resetXcu(final Machine machine, final Processor hyper, final int cxy)
    {
        final long xcu = xcu(machine.platform(), cxy);
        final Device d = machine.platform().devices().stream().filter(x -> x.base() == xcu).findFirst().orElseThrow();
        for (int i = 0; i < PlatformBuilder.XCU_INPUTS; i++)
        {
            machine.bus().write32(hyper, xcu + Xcu.offset(Xcu.PTI_PER, i), 0);
            machine.bus().read32(hyper, xcu + Xcu.offset(Xcu.PTI_ACK, i));
            machine.bus().read32(hyper, xcu + Xcu.offset(Xcu.WTI_REG, i));
        }
        for (int out = 0; out < d.arg3(); out++)
        {
            machine.bus().write32(hyper, xcu + Xcu.offset(Xcu.MSK_PTI, out), 0);
            machine.bus().write32(hyper, xcu + Xcu.offset(Xcu.MSK_HWI, out), 0);
            machine.bus().write32(hyper, xcu + Xcu.offset(Xcu.MSK_WTI, out), 0);
        }
    }

    /**
     * Refills every page of a cluster's bank that was touched with the bank's reset fill: no trace of the last
     * instance is left for the next one.
     *
     * @param machine the machine.
     * @param cxy     the cluster.
     * @return bytes refilled.
     */
    static long scrub(final Machine machine, final int cxy)
    {
        final Bank bank = machine.bus().bank(cxy);
        long bytes = 0;
        for (int page = 0; page < bank.size() >>> Bank.PAGE_SHIFT; page++)
        {
            if (bank.isResident(page))
            {
                final int at = page << Bank.PAGE_SHIFT;
                final UnsafeBuffer w = bank.window(at, Bank.PAGE);
                bank.fill().derive(PhysicalAddress.of(cxy, at)).apply(w, 0, Bank.PAGE);
                bytes += Bank.PAGE;
            }
        }
        return bytes;
    }
}
