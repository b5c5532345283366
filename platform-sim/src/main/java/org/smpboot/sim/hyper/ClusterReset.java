package org.smpboot.sim.hyper;

import org.agrona.concurrent.UnsafeBuffer;
import org.smpboot.sim.hw.Bank;
import org.smpboot.sim.hw.Dma;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Xcu;
import org.smpboot.sim.image.DevType;

/**
 * What {@code kill} does to a cluster whose cores are held in reset, before it is free again, all through the bus by
 * the hypervisor core: its XCU and DMA put back as the hypervisor expects them, its memory scrubbed.
 */
final class ClusterReset
{
    private ClusterReset()
    {
    }

    /**
     * Puts a cluster's XCU back: timers stopped and acknowledged, mailboxes read (so acknowledged), every mask cleared;
     * and its DMA channels reset (a transfer still running is dropped, its line lowered).
     *
     * @param arch the machine's arch_info.
     * @param core the hypervisor core.
     * @param cxy  the cluster.
     */
    static void resetDevices(final ArchInfoView arch, final Processor core, final int cxy)
    {
        final int x = arch.device(cxy, DevType.ICU_XCU.code(), false);
        if (x >= 0)
        {
            final long xcu = arch.deviceBase(x);
            for (int i = 0; i < arch.deviceArg(x, 1); i++)
            {
                core.bus().write32(core, xcu + Xcu.offset(Xcu.PTI_PER, i), 0);
                core.bus().read32(core, xcu + Xcu.offset(Xcu.PTI_ACK, i));
            }
            for (int i = 0; i < arch.deviceArg(x, 2); i++)
            {
                core.bus().read32(core, xcu + Xcu.offset(Xcu.WTI_REG, i));
            }
            for (int out = 0; out < arch.deviceArg(x, 3); out++)
            {
                core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_PTI, out), 0);
                core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_HWI, out), 0);
                core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_WTI, out), 0);
            }
        }
        final int d = arch.device(cxy, DevType.DMA_SCL.code(), false);
        if (d >= 0)
        {
            for (int c = 0; c < arch.deviceChannels(d); c++)
            {
                core.bus().write32(core, arch.deviceBase(d) + 4L * (c * Dma.SPAN + Dma.RESET), 0);
            }
        }
    }

    /**
     * Writes the bank's reset fill over every page of a cluster's bank that was touched, through the bus: no trace of
     * the last instance is left for the next one. A page never touched still holds the fill (the simulator's banks are
     * sparse): it is not written.
     *
     * @param core the hypervisor core.
     * @param bank the cluster's bank.
     * @return bytes written.
     */
    static long scrub(final Processor core, final Bank bank)
    {
        final byte[] page = new byte[Bank.PAGE];
        final UnsafeBuffer fill = new UnsafeBuffer(page);
        long bytes = 0;
        for (int p = 0; p < bank.size() >>> Bank.PAGE_SHIFT; p++)
        {
            if (bank.isResident(p))
            {
                final long at = PhysicalAddress.of(bank.cxy(), p << Bank.PAGE_SHIFT);
                bank.fill().derive(at).apply(fill, 0, Bank.PAGE);
                core.bus().write(core, at, page, 0, Bank.PAGE);
                bytes += Bank.PAGE;
            }
        }
        return bytes;
    }
}
