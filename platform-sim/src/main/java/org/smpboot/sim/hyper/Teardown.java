package org.smpboot.sim.hyper;

import org.smpboot.sim.hw.Hat;
import org.smpboot.sim.hw.HyperHardware;
import org.smpboot.sim.hw.Iopic;
import org.smpboot.sim.hw.IrqMux;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;

/**
 * How the hypervisor stops an instance (a fault, its bound) and gives its clusters back ({@code kill}), all through
 * registers: every HAT of the instance set to STOP, its cores held in RESET; then its clusters' XCUs and DMAs put back,
 * its HATs, its multiplexer routes and its IOPIC cleared, its memory scrubbed, and its cores released to the
 * hypervisor's reset address.
 */
final class Teardown
{
    private final Hypervisor hv;

    Teardown(final Hypervisor hv)
    {
        this.hv = hv;
    }

    /**
     * {@code kill I}: holds the instance's cores in reset, puts its clusters' devices back, clears its HATs, routes and
     * IOPIC, takes its channel devices out, scrubs its memory back to the reset fill, frees everything, and releases
     * the cores, which start again in the hypervisor ({@code hyper_wait}).
     *
     * @param core the shell's core.
     * @param id   the instance.
     * @throws IllegalArgumentException when there is no such instance.
     * @throws IllegalStateException when a core does not stop: its clusters stay reserved.
     */
    void kill(final Processor core, final int id)
    {
        final Instance inst = hv.instances().get(id);
        if (inst == null)
        {
            throw new IllegalArgumentException("no instance " + id + (hv.instances().isEmpty() ? " (none runs)" :
                " (instances: " + hv.instances().keySet() + ")"));
        }
        core.phase("hypervisor: kill " + id);
        final int running = hold(core, inst);
        if (running > 0)
        {
            throw new IllegalStateException("kill " + id + ": " + running + " core(s) still run; clusters " +
                ClusterAllocator.format(inst.clusters) + " stay reserved");
        }
        for (int k = 0; k < inst.clusters.size(); k++)
        {
            final int m = inst.clusters.get(k);
            ClusterReset.resetDevices(hv.arch(), core, m);
            HatProgram.clear(core, Hypervisor.hat(m));
            HatProgram.clear(core, Hypervisor.dmaHat(m));
        }
        HatProgram.clear(core, hv.iocHat(inst.ioc));
        HatProgram.clear(core, hv.picHat(inst.tty));
        clearInterrupts(core, inst.tty);
        hv.hardware().unfitIoc(inst.ioc);
        hv.hardware().unfitTty(inst.tty);
        hv.hardware().software(id, null);
        hv.instances().remove(id);
        long scrubbed = 0;
        for (final int m : inst.clusters)
        {
            scrubbed += ClusterReset.scrub(core, hv.machine().bus().bank(m));
        }
        hv.clusters().release(inst.clusters);
        hv.ttys().release(inst.tty);
        hv.iocs().release(inst.ioc);
        for (int k = 0; k < inst.clusters.size(); k++)
        {
            core.bus().write32(core, Hypervisor.hat(inst.clusters.get(k)) + Hat.RESET, 0);
        }
        hv.log(core, String.format("kill %d: %d cores stopped, clusters %s scrubbed (%d KiB refilled) and free, IOC " +
            "channel %d and TTY/FBF channel %d free", id, inst.cores(), ClusterAllocator.format(inst.clusters),
            scrubbed / 1024, inst.ioc, inst.tty));
    }

    // the instance's IOPIC inputs disabled and their mailboxes forgotten; the multiplexer's routes to it cleared
    private void clearInterrupts(final Processor core, final int tty)
    {
        final long pic = PhysicalAddress.of(hv.hyperCxy(), (int)(HyperHardware.PIC + tty * HyperHardware.CHANNEL_STRIDE));
        final long mux = PhysicalAddress.of(hv.hyperCxy(), (int)HyperHardware.MUX);
        for (int p = 0; p < IrqMux.INPUTS; p++)
        {
            core.bus().write32(core, pic + 4L * (Iopic.SPAN * p + Iopic.MASK), 0);
            core.bus().write32(core, pic + 4L * (Iopic.SPAN * p + Iopic.ADDRESS), 0);
            core.bus().write32(core, pic + 4L * (Iopic.SPAN * p + Iopic.EXTEND), 0);
            core.bus().write32(core, mux + 4L * (tty * IrqMux.INPUTS + p), 0);
        }
    }

    /**
     * Stops an instance: its HATs refuse every access, its cores are held in reset. Its clusters stay its own until
     * {@code kill}.
     *
     * @param core  the shell's core.
     * @param inst  the instance.
     * @param state why it stops.
     * @param why   the detail {@code list} shows.
     */
    void stop(final Processor core, final Instance inst, final Instance.State state, final String why)
    {
        final int running = hold(core, inst);
        inst.state(state, why);
        hv.log(core, "instance " + inst.id + " stopped: " + (inst.cores() - running) + " of its " + inst.cores() +
            " cores held in reset" + (running == 0 ? "" : ", " + running + " still run") + "; the other instances " +
            "run on");
    }

    // every HAT of the instance refuses everything, every core held in reset; returns the cores that still run
    private int hold(final Processor core, final Instance inst)
    {
        for (final int m : inst.clusters)
        {
            HatProgram.stop(core, Hypervisor.hat(m));
            HatProgram.stop(core, Hypervisor.dmaHat(m));
        }
        HatProgram.stop(core, hv.iocHat(inst.ioc));
        HatProgram.stop(core, hv.picHat(inst.tty));
        int running = 0;
        for (int k = 0; k < inst.clusters.size(); k++)
        {
            final long hat = Hypervisor.hat(inst.clusters.get(k));
            core.bus().write32(core, hat + Hat.RESET, inst.lids(k));
            running += Integer.bitCount(inst.lids(k) & ~core.bus().read32(core, hat + Hat.STOPPED));
        }
        return running;
    }

}
