package org.smpboot.sim.hyper;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;

import org.smpboot.sim.boot.ElfSymbols;
import org.smpboot.sim.hw.CodeEntry;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.MappedDevice;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Rom;
import org.smpboot.sim.hw.Xcu;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.platform.Core;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;

/**
 * The code every core runs in hypervisor mode, as the behaviour of hyper.elf's and hat.elf's functions
 * ({@link HyperImages}):
 * <ul>
 * <li>{@code hyper_reset}: core[0][0] to {@code hyper_shell}, every other core to {@code hyper_wait};</li>
 * <li>{@code hyper_shell}: the shell, until quit;</li>
 * <li>{@code hyper_wait}: unmasks WTI lid, sleeps in {@code wait}; on an IPI whose cluster's HAT is configured, takes
 * the mailbox's address as its argument and jumps to the HAT activation code (a stray IPI is logged);</li>
 * <li>{@code hat_activate} (the hypervisor's copy, in its cluster's RAM): activates the HAT of the core's cluster;
 * the next instruction, {@code hat_activated}, is then fetched through the HAT, from instance cluster 0's copy;</li>
 * <li>{@code hat_activated} (bound in each instance's code map): P0 of instance cluster 0 writes the boot-loader's
 * address into the WTI mailbox of every other core of the instance; every core jumps to that address.</li>
 * </ul>
 */
final class HyperFirmware
{
    /** A core's idle wait for an IPI: the hypervisor has nothing else to do, so the bound is only a sanity one. */
    private static final long IDLE_NANOS = TimeUnit.DAYS.toNanos(1);

    private final Machine machine;
    private final Platform hard;
    private final int hyperCxy;
    private final Hat[] clusterHats;
    private final IntFunction<Instance> instances;
    private final Consumer<String> log;
    private final ToLongFunction<Processor> shell;

    /**
     * @param machine     the machine.
     * @param clusterHats each cluster's HAT, by cxy.
     * @param instances   an instance by number, or null.
     * @param log         the hypervisor's log.
     * @param shell       what core[0][0] does in {@code hyper_shell}.
     */
    HyperFirmware(final Machine machine, final Hat[] clusterHats, final IntFunction<Instance> instances,
        final Consumer<String> log, final ToLongFunction<Processor> shell)
    {
        this.machine = machine;
        this.hard = machine.platform();
        this.hyperCxy = hard.bootCxy();
        this.clusterHats = clusterHats;
        this.instances = instances;
        this.log = log;
        this.shell = shell;
    }

    /** Loads hyper.elf and the ROM and binds the functions in the machine's code map. */
    void install()
    {
        final var hyper = HyperImages.hypervisor();
        final var hat = HyperImages.hat();
        // the machine's loader places hyper.elf in the hypervisor cluster's RAM (as LETI's loader does the preloader)
        final ElfSegment seg = hyper.segments().get(0);
        machine.bus().bank(hyperCxy).window(seg.paddr(), seg.fileSize()).putBytes(0, seg.data());
        final MappedDevice rom = machine.device(hyperCxy, DeviceType.ROM_SCL);
        if (!(rom instanceof Rom r))
        {
            throw new IllegalArgumentException(String.format("cluster 0x%02x has no ROM for the HAT activation code",
                hyperCxy));
        }
        r.load(hat.segments().get(0).data(), 0);
        final CodeMap code = machine.code();
        code.register("hyper.elf", ElfSymbols.of(hyper));
        code.register("hat.elf", ElfSymbols.of(hat));
        code.bind("hyper_reset", core -> (core.cxy() == hyperCxy && core.lid() == 0 ? hyper.address("hyper_shell") :
            hyper.address("hyper_wait")) & 0xFFFF_FFFFL);
        code.bind("hyper_shell", core ->
        {
            core.phase("hypervisor: shell");
            return shell.applyAsLong(core);
        });
        code.bind("hyper_wait", this::hyperWait);
        code.bind("hat_activate", this::hatActivate);
    }

    private long xcu(final int cxy)
    {
        return ClusterReset.xcu(hard, cxy);
    }

    // every core but core[0][0]: sleep until an IPI; one whose cluster's HAT is configured leaves for its instance
    private long hyperWait(final Processor core)
    {
        core.phase("hypervisor: wait for an IPI");
        final long xcu = xcu(core.cxy());
        final int out = hard.irqsPerCore() * core.lid();
        core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_WTI, out), 1 << core.lid());
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
                if (clusterHats[core.cxy()].table() != null)
                {
                    core.a0(address);
                    return HyperImages.hat().address("hat_activate") & 0xFFFF_FFFFL;
                }
                log.accept(String.format("stray IPI to %s (0x%08x): no instance owns its cluster", core.name(),
                    address));
            }
        }
    }

    // the HAT activation code, from the hypervisor's copy: activate, then go on at the next instruction, which the
    // HAT now fetches from the instance's cluster 0
    private long hatActivate(final Processor core)
    {
        final Hat hat = clusterHats[core.cxy()];
        final HatTable table = hat.table();
        if (table == null)
        {
            throw new CoreFault(core, "hat_activate: the HAT of its cluster is not configured");
        }
        core.phase("hypervisor: activate the HAT of instance " + table.instance());
        core.space(hat);
        final Instance inst = instances.apply(table.instance());
        if (inst != null)
        {
            inst.activated.incrementAndGet();
        }
        return HyperImages.hat().address("hat_activated") & 0xFFFF_FFFFL;
    }

    // the rest of the activation code, from the instance's copy: P0 of instance cluster 0 IPIs every other core of
    // the instance with the boot-loader's address; every core jumps there
    /**
     * @param guest an instance's arch-info.
     * @return what {@code hat_activated} does in that instance's code map.
     */
    CodeEntry hatActivated(final Platform guest)
    {
        return core ->
        {
            core.phase("hypervisor: HAT active, jump to the boot-loader");
            if (core.gid() == 0)
            {
                for (final Core c : guest.cores())
                {
                    if (c.gid() != 0)
                    {
                        final long xcu = guest.devices().stream().filter(d -> d.cxy() == c.cxy() &&
                            d.type() == DeviceType.ICU_XCU).findFirst().orElseThrow().base();
                        core.bus().write32(core, xcu + Xcu.offset(Xcu.WTI_REG, c.lid()), core.a0());
                    }
                }
            }
            return core.a0() & 0xFFFF_FFFFL;
        };
    }
}
