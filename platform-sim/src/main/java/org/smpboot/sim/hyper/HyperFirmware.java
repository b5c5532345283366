package org.smpboot.sim.hyper;

import java.util.concurrent.TimeUnit;

import org.smpboot.sim.boot.ElfSymbols;
import org.smpboot.sim.hw.CodeEntry;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.Hat;
import org.smpboot.sim.hw.HyperHardware;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Xcu;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.DevType;

/**
 * The code every core runs in hypervisor mode, as the behaviour of hyper.elf's and hat.elf's functions
 * ({@link HyperImages}):
 * <ul>
 * <li>{@code hyper_reset}: core[0][0] to {@code hyper_shell}, every other core to {@code hyper_wait};</li>
 * <li>{@code hyper_shell}: the hypervisor boots ({@link Hypervisor#boot}) and runs its shell until quit;</li>
 * <li>{@code hyper_wait}: unmasks WTI lid, sleeps in {@code wait}; on an IPI, when its cluster's HAT is configured
 * (its CONTROL register read over the bus), takes the mailbox's value as its argument and jumps to the HAT activation
 * code (a stray IPI is logged);</li>
 * <li>{@code hat_activate} (the hypervisor's copy, in its cluster's RAM): sets the core's bit in its cluster HAT's ACTIVE
 * register; the next instruction, {@code hat_activated}, is fetched through the HAT, from instance cluster 0's
 * copy;</li>
 * <li>{@code hat_activated} (bound in each instance's code map): P0 of instance cluster 0 reads the instance's
 * arch-info where the hypervisor copied it and writes the boot-loader's address into the WTI mailbox of every other
 * core of the instance; every core jumps to that address.</li>
 * </ul>
 * Every core but core[0][0] learns the platform's widths from the machine's arch_info.bin in the hypervisor's cluster;
 * like TSAR's preloader it is built for its platform's fixed addresses (each cluster's XCU, its HAT).
 */
final class HyperFirmware
{
    /** A core's idle wait for an IPI: the hypervisor has nothing else for it to do, so the bound is only a sanity one. */
    private static final long IDLE_NANOS = TimeUnit.DAYS.toNanos(1);
    /** Where each cluster's XCU is, in the platforms the hypervisor is built for. */
    private static final int XCU = 0xF000_0000;
    /** Header offsets of arch_info.bin: p_width and irqs_per_core. */
    private static final int P_WIDTH = 0x24;
    private static final int IRQS_PER_CORE = 0x48;

    private HyperFirmware()
    {
    }

    /**
     * Binds the hypervisor's functions in the machine's code map (the machine's loader has placed their bytes:
     * {@link HyperImages}).
     *
     * @param hv       the hypervisor.
     * @param shell    what core[0][0] runs once the hypervisor has booted.
     */
    static void install(final Hypervisor hv, final HyperShell shell)
    {
        final Machine machine = hv.machine();
        final var hyper = HyperImages.hypervisor();
        final var hat = HyperImages.hat();
        final CodeMap code = machine.code();
        code.register("hyper.elf", ElfSymbols.of(hyper));
        code.register("hat.elf", ElfSymbols.of(hat));
        code.bind("hyper_reset", core -> (core.gid() == 0 ? hyper.address("hyper_shell") :
            hyper.address("hyper_wait")) & 0xFFFF_FFFFL);
        code.bind("hyper_shell", core ->
        {
            hv.boot(core);
            return shell.run(core);
        });
        code.bind("hyper_wait", core -> hyperWait(hv, core));
        code.bind("hat_activate", HyperFirmware::hatActivate);
    }

    // every core but core[0][0]: sleep until an IPI; one whose cluster's HAT is configured leaves for its instance
    private static long hyperWait(final Hypervisor hv, final Processor core)
    {
        core.phase("hypervisor: wait for an IPI");
        final long arch = PhysicalAddress.of(0, HyperImages.MACHINE_ARCH_INFO);
        final int p = core.bus().read32(core, arch + P_WIDTH);
        final int irqsPerCore = core.bus().read32(core, arch + IRQS_PER_CORE);
        final int cxy = core.gid() >>> p;
        final int lid = core.gid() & ((1 << p) - 1);
        final long xcu = PhysicalAddress.of(cxy, XCU);
        final int out = irqsPerCore * lid;
        core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_WTI, out), 1 << lid);
        while (true)
        {
            core.waitForInterrupt(IDLE_NANOS, "an IPI to the hypervisor");
            final int prio = core.bus().read32(core, xcu + Xcu.offset(Xcu.PRIO, out));
            if ((prio & 1) != 0)
            {
                core.bus().read32(core, xcu + Xcu.offset(Xcu.PTI_ACK, (prio >>> 8) & 0x1F));
            }
            if ((prio & 2) != 0)
            {
                core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_HWI_DISABLE, out), 1 << ((prio >>> 16) & 0x1F));
            }
            if ((prio & 4) != 0)
            {
                final int address = core.bus().read32(core, xcu + Xcu.offset(Xcu.WTI_REG, (prio >>> 24) & 0x1F));
                final int control = core.bus().read32(core, (long)cxy << 32 | HyperHardware.CORE_HAT + Hat.CONTROL);
                if ((control & (Hat.ENABLE | Hat.STOP)) == Hat.ENABLE)
                {
                    core.a0(address);
                    return HyperImages.hat().address("hat_activate") & 0xFFFF_FFFFL;
                }
                hv.strayIpi(core, address);
            }
        }
    }

    // the HAT activation code, from the hypervisor's copy: activate, then go on at the next instruction, which the
    // HAT now fetches from the instance's cluster 0
    private static long hatActivate(final Processor core)
    {
        final long arch = PhysicalAddress.of(0, HyperImages.MACHINE_ARCH_INFO);
        final int p = core.bus().read32(core, arch + P_WIDTH);
        final int cxy = core.gid() >>> p;
        final int lid = core.gid() & ((1 << p) - 1);
        core.phase("hypervisor: activate the HAT of cluster " + String.format("0x%02x", cxy));
        core.bus().write32(core, (long)cxy << 32 | HyperHardware.CORE_HAT + Hat.ACTIVE, 1 << lid);
        return HyperImages.hat().address("hat_activated") & 0xFFFF_FFFFL;
    }

    /**
     * @param layout an instance's layout: where its arch-info is.
     * @return what {@code hat_activated} does in that instance's code map.
     */
    static CodeEntry hatActivated(final BootLayout layout)
    {
        return core ->
        {
            core.phase("hypervisor: HAT active, jump to the boot-loader");
            if (core.gid() == 0)
            {
                // P0 of instance cluster 0, in the instance's numbering: every other core, from the instance's arch-info
                final ArchInfoView guest = ArchInfoView.read(core, PhysicalAddress.of(0, layout.archInfoBase()),
                    layout.archInfoSize());
                for (int i = 0; i < guest.clusters(); i++)
                {
                    final int x = guest.device(guest.clusterCxy(i), DevType.ICU_XCU.code(), false);
                    for (int k = guest.clusterCoreOffset(i); k < guest.clusterCoreOffset(i) + guest.clusterCores(i);
                        k++)
                    {
                        if (guest.coreGid(k) != 0 && x >= 0)
                        {
                            core.bus().write32(core, guest.deviceBase(x) + Xcu.offset(Xcu.WTI_REG, guest.coreLid(k)),
                                core.a0());
                        }
                    }
                }
            }
            return core.a0() & 0xFFFF_FFFFL;
        };
    }
}
