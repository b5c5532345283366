package org.smpboot.sim.hyper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.CountSeal;
import org.smpboot.sim.image.BootImages;
import org.smpboot.sim.hw.Hat;
import org.smpboot.sim.hw.HyperHardware;
import org.smpboot.sim.hw.IrqMux;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Xcu;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.ArchInfoReader;
import org.smpboot.sim.image.HardConfig;
import org.smpboot.sim.boot.BootElf;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.boot.PreloaderElf;
import org.smpboot.sim.kernel.KernelElf;
import org.smpboot.sim.image.DevType;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.image.ElfWriter;

/**
 * {@code run -nc N -i I}: seed 000's steps, one method each, in the seed's order, run by the hypervisor's core and
 * each logged on TTY 0:
 * <ol>
 * <li>{@link #allocate}: N free clusters with cores, IOC channel I, a TTY channel of 4 sub-channels and the frame-buffer
 * channel of the same index ("Allocation");</li>
 * <li>{@link #buildArchInfo}: the instance's arch-info, in its own numbering ("Arch-info");</li>
 * <li>{@link #copyArchInfoAndBootLoader} to the instance's addresses in its cluster 0;</li>
 * <li>{@link #copyHatCode}: the HAT activation code from the ROM to the same offset of the hypervisor cluster's RAM and
 * of instance cluster 0's ("Copie du code d'activation des Hats");</li>
 * <li>{@link #configureHats}: the HATs of the instance's clusters, activated for their DMAs, and of its channels
 * ("Configuration des Hats");</li>
 * <li>{@link #routeInterrupts}: the XCU masks of its cores and the multiplexer's routes to its IOPIC ("Routage des
 * interruptions");</li>
 * <li>{@link #activate}: P0 of instance cluster 0 activates its HAT, IPIs every other core of the instance with the
 * boot-loader's address and jumps to it ("Mise en place de la Hat de P0 C0i", "Bootloader"); the hypervisor waits
 * until every core of the instance has activated its HAT.</li>
 * </ol>
 * A step that fails undoes what was allocated: the request holds nothing.
 */
final class InstanceLauncher
{
    /**
     * What {@code run} asks for.
     *
     * @param clusters N.
     * @param id       I, also the IOC channel.
     * @param tty      the TTY channel, or null for the lowest free one.
     * @param flavor   how the guest boots.
     * @param layout   its memory layout, or null for the hypervisor's default.
     * @param seal     when an elected guest's leader seals its count, or null for the default.
     * @param fault    a fault to inject into its software, or null.
     */
    record Request(int clusters, int id, Integer tty, BootFlavor flavor, BootLayout layout, CountSeal seal,
        GuestFault fault)
    {
    }

    private final Hypervisor hv;
    private final Processor core;
    private final Request request;
    private final String tag;
    private final BootLayout layout;
    private List<Integer> mine;
    private int tty = -1;
    private boolean ioc;
    private Path dir;
    private GuestArchInfo guest;
    private BootImages images;
    private Path disk;
    private Instance inst;

    InstanceLauncher(final Hypervisor hv, final Processor core, final Request request)
    {
        this.hv = hv;
        this.core = core;
        this.request = request;
        this.tag = "run -nc " + request.clusters() + " -i " + request.id() + ": ";
        this.layout = request.layout() != null ? request.layout() : hv.settings().layout();
    }

    /** Runs every step; on a failure, gives back what was taken and rethrows. */
    void launch()
    {
        try
        {
            allocate();
            buildArchInfo();
            copyArchInfoAndBootLoader();
            copyHatCode();
            configureHats();
            routeInterrupts();
            activate();
        }
        catch (final RuntimeException e)
        {
            undo(e);
            throw e;
        }
    }

    private void step(final String name)
    {
        core.phase("hypervisor: run " + request.id() + ": " + name);
    }

    // ---------------------------------------------------------------------------------------------- Allocation

    void allocate()
    {
        step("allocate");
        final int n = request.clusters();
        if (n < 1)
        {
            throw new IllegalArgumentException("-nc must be at least 1, got " + n);
        }
        final int most = Math.min(Hat.MAPS, 1 << hv.arch().yWidth());
        if (n > most)
        {
            throw new IllegalArgumentException("-nc " + n + ": an instance numbers at most " + most + " clusters (1 x " +
                "N mesh, y_width " + hv.arch().yWidth() + ")");
        }
        hv.iocs().claim(request.id(), request.id());
        ioc = true;
        if (request.tty() != null)
        {
            hv.ttys().claim(request.tty(), request.id());
            tty = request.tty();
        }
        mine = hv.clusters().allocate(n);
        if (tty < 0)
        {
            tty = hv.ttys().allocate(request.id());
        }
        hv.log(core, tag + "allocated " + n + " cluster(s) " + ClusterAllocator.format(mine) + " (guest clusters 0.." +
            (n - 1) + "), " + hv.clusters().free().size() + " left free");
        dir = hv.settings().out().resolve("instance" + request.id());
        images = images(null);
        disk = GuestDisk.of(hv.settings(), request.id(), images, dir);
        hv.hardware().fitIoc(request.id(), disk);
        hv.log(core, tag + "IOC channel " + request.id() + " selected: disk " + shown(disk));
        try
        {
            hv.hardware().fitTty(tty, GuestArchInfo.TTY_SUBCHANNELS, dir);
        }
        catch (final java.io.UncheckedIOException e)
        {
            throw new IllegalArgumentException(e.getMessage() + ": " + e.getCause().getMessage(), e);
        }
        hv.log(core, tag + "TTY channel " + tty + " (" + GuestArchInfo.TTY_SUBCHANNELS + " sub-channels, logs " +
            shown(dir) + "/tty0..3.log) and frame-buffer channel " + tty + " allocated");
    }

    // a path as the log shows it: relative to the output directory, so that a replay's TTY 0 is the same bytes
    private String shown(final Path p)
    {
        final Path out = hv.settings().out().toAbsolutePath().normalize();
        final Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(out) ? out.relativize(abs).toString() : p.toString();
    }

    // the instance's images: its boot-loader linked for its layout, the kernel, its arch_info.bin
    private BootImages images(final byte[] archInfo)
    {
        final byte[] bytes = archInfo != null ? archInfo : guestArchInfo().bytes();
        final HardConfig config = HardConfig.of(ArchInfoReader.read("the guest's arch_info.bin", bytes));
        return BootImages.of(PreloaderElf.image(config), BootElf.image(layout, config), KernelElf.image(), bytes);
    }

    private GuestArchInfo guestArchInfo()
    {
        if (guest == null)
        {
            guest = GuestArchInfo.build(hv.arch(), hv.hyperCxy(), request.id(), mine, request.id(), tty);
        }
        return guest;
    }

    // ---------------------------------------------------------------------------------------------- Arch-info

    void buildArchInfo()
    {
        step("build the arch-info");
        final GuestArchInfo g = guestArchInfo();
        final ArchInfoView arch = hv.arch();
        final int[] lids = new int[mine.size()];
        for (int k = 0; k < mine.size(); k++)
        {
            final int c = arch.cluster(mine.get(k));
            for (int i = arch.clusterCoreOffset(c); i < arch.clusterCoreOffset(c) + arch.clusterCores(c); i++)
            {
                lids[k] |= 1 << arch.coreLid(i);
            }
        }
        final long ttyGuest = g.program().remaps().stream().filter(r -> r.what().startsWith("TTY")).findFirst()
            .orElseThrow().guest();
        final long iocGuest = g.program().remaps().stream().filter(r -> r.what().startsWith("IOC")).findFirst()
            .orElseThrow().guest();
        final GuestSoftware.Bound sw = GuestSoftware.bind(hv.machine(), images, new BootOptions(layout,
            hv.settings().timeout(), false, request.flavor(), request.seal() != null ? request.seal() :
            CountSeal.defaults()), ttyGuest, iocGuest, HyperFirmware.hatActivated(layout), request.fault());
        inst = new Instance(request.id(), mine, lids, request.id(), tty, request.flavor(), layout, g, images, disk, dir,
            sw.code(), sw.kernel(), request.fault());
        hv.instances().put(request.id(), inst);
        hv.log(core, tag + "arch-info built: " + new ArchInfoView(g.bytes()).name() + ", " + g.cores() + " cores, " +
            (g.program().remaps().size() + g.program().locals().size() * mine.size()) + " HAT windows; guest " +
            "clusters 0.." + (mine.size() - 1) + " are machine clusters " + ClusterAllocator.format(mine));
    }

    // ---------------------------------------------------------------------------------------------- copies

    void copyArchInfoAndBootLoader()
    {
        step("copy arch-info and the boot-loader");
        final int m0 = mine.get(0);
        final byte[] arch = guest.bytes();
        core.bus().write(core, PhysicalAddress.of(m0, layout.archInfoBase()), arch, 0, arch.length);
        for (final ElfSegment s : images.boot().segments())
        {
            core.bus().write(core, PhysicalAddress.of(m0, s.paddr()), s.data(), 0, s.fileSize());
            core.bus().set(core, PhysicalAddress.of(m0, s.paddr() + s.fileSize()), s.memSize() - s.fileSize(),
                (byte)0);
        }
        hv.hardware().software(request.id(), inst.code);
        hv.log(core, String.format("%sarch_info.bin (%d bytes) and boot.elf (layout %s) copied to 0x%08x and 0x%08x " +
            "of machine cluster 0x%02x; the boot-loader's entry for a hand-off, boot_handoff (%s flavor), is 0x%08x",
            tag, arch.length, layout.cliName(), layout.archInfoBase(), layout.bootBase(), m0,
            request.flavor().cliName(), entry()));
    }

    // the boot-loader's entry the guest's cores are sent to
    private int entry()
    {
        return images.boot().address("boot_handoff");
    }

    void copyHatCode()
    {
        step("copy the HAT activation code");
        final int hyper = hv.hyperCxy();
        final int m0 = mine.get(0);
        final int rom = hv.arch().device(hyper, DevType.ROM_SCL.code(), false);
        final long romBase = hv.arch().deviceBase(rom);
        final byte[] code = new byte[HyperImages.HAT_SIZE];
        for (int i = 0; i < code.length; i += 4)
        {
            final int w = core.bus().read32(core, romBase + i);
            code[i] = (byte)w;
            code[i + 1] = (byte)(w >>> 8);
            code[i + 2] = (byte)(w >>> 16);
            code[i + 3] = (byte)(w >>> 24);
        }
        // the hypervisor's copy is written once: rewriting it while another instance's core runs it would be a
        // store over executed code (the code guard's fault), and its bytes never change
        final byte[] held = new byte[code.length];
        core.bus().read(core, PhysicalAddress.of(hyper, HyperImages.HAT_CODE), held, 0, held.length);
        final boolean there = java.util.Arrays.equals(held, code);
        if (!there)
        {
            core.bus().write(core, PhysicalAddress.of(hyper, HyperImages.HAT_CODE), code, 0, code.length);
        }
        core.bus().write(core, PhysicalAddress.of(m0, HyperImages.HAT_CODE), code, 0, code.length);
        hv.log(core, String.format("%sHAT activation code (%d bytes) copied from ROM 0x%08x to 0x%08x of clusters " +
            "0x%02x (hypervisor%s) and 0x%02x (instance cluster 0)", tag, code.length, romBase & 0xFFFF_FFFFL,
            HyperImages.HAT_CODE, hyper, there ? ", already there" : "", m0));
    }

    // ---------------------------------------------------------------------------------------------- HATs

    void configureHats()
    {
        step("configure the HATs");
        final HatProgram program = guest.program().with(hv.settings().mistake(), otherCluster());
        for (int k = 0; k < mine.size(); k++)
        {
            program.write(core, Hypervisor.hat(mine.get(k)), k);
            program.write(core, Hypervisor.dmaHat(mine.get(k)), k);
        }
        program.write(core, hv.iocHat(request.id()), 0);
        program.write(core, hv.picHat(tty), 0);
        hv.log(core, tag + "HATs configured: clusters " + ClusterAllocator.format(mine) + " and their DMAs " +
            "(activated), I/O channels (" + String.join(", ", program.remaps().stream().map(r -> r.what() + " at " +
            PhysicalAddress.format(r.machine())).toList()) + ")" + (hv.settings().mistake() == HatMistake.NONE ? "" :
            "; with the mistake " + hv.settings().mistake().cliName()));
    }

    // a machine cluster that is not the instance's: another instance's first, else the hypervisor's
    private int otherCluster()
    {
        return hv.instances().values().stream().filter(i -> i != inst).map(i -> i.clusters.get(0)).findFirst()
            .orElse(hv.hyperCxy());
    }

    // ---------------------------------------------------------------------------------------------- interrupts

    void routeInterrupts()
    {
        step("route the interrupts");
        final ArchInfoView arch = hv.arch();
        int cores = 0;
        for (int k = 0; k < mine.size(); k++)
        {
            final long xcu = arch.deviceBase(arch.device(mine.get(k), DevType.ICU_XCU.code(), false));
            for (int lid = 0; inst.lids(k) >>> lid != 0; lid++)
            {
                if ((inst.lids(k) & 1 << lid) != 0)
                {
                    core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_WTI, arch.irqsPerCore() * lid), 1 << lid);
                    cores++;
                }
            }
        }
        final long mux = PhysicalAddress.of(hv.hyperCxy(), (int)HyperHardware.MUX);
        final List<String> routes = new ArrayList<>();
        for (final int[] r : guest.routes())
        {
            core.bus().write32(core, mux + 4L * (tty * IrqMux.INPUTS + r[0]), r[1]);
            routes.add(((r[1] >>> 16 & 0xFF) == DevType.IOC_BDV.func() ? "IOC " + request.id() : "TTY " + tty +
                "." + (r[1] >>> 1 & 0x7F) + ((r[1] & 1) != 0 ? " rx" : " tx")) + " -> input " + r[0]);
        }
        hv.log(core, tag + "interrupts routed: WTI lid -> output " + arch.irqsPerCore() + " x lid on " + cores +
            " cores; IOPIC " + tty + ": " + String.join(", ", routes.subList(0, Math.min(3, routes.size()))) +
            (routes.size() > 3 ? ", ... (" + routes.size() + " routes)" : ""));
    }

    // ---------------------------------------------------------------------------------------------- activation

    void activate()
    {
        step("IPI to P0 of instance cluster 0");
        final int m0 = mine.get(0);
        final long xcu = hv.arch().deviceBase(hv.arch().device(m0, DevType.ICU_XCU.code(), false));
        final int p0 = Integer.numberOfTrailingZeros(inst.lids(0));
        inst.launched = Hypervisor.now(core);
        inst.deadline = inst.launched + hv.settings().timeout().toNanos();
        core.bus().write32(core, xcu + Xcu.offset(Xcu.WTI_REG, p0), entry());
        step("wait until every core activated its HAT");
        while (!activated())
        {
            if (Hypervisor.now(core) - inst.deadline > 0)
            {
                throw new IllegalStateException(tag + "not every core activated its HAT within " +
                    Hypervisor.millis(hv.settings().timeout().toNanos()));
            }
            hv.idle(core); // the monitor looks at each tick: a core that faults on its way is reported
            if (inst.state() != Instance.State.BOOTING)
            {
                return; // the monitor stopped it: its log says why
            }
        }
        hv.log(core, String.format("%score[0x%02x,%d] activated its HAT, sent the boot-loader address 0x%08x to the " +
            "%d other cores, which activated theirs, and jumped to it", tag, m0, p0, entry(), inst.cores() - 1));
    }

    private boolean activated()
    {
        for (int k = 0; k < mine.size(); k++)
        {
            if ((core.bus().read32(core, Hypervisor.hat(mine.get(k)) + Hat.ACTIVE) & inst.lids(k)) != inst.lids(k))
            {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------- undo

    private void undo(final RuntimeException cause)
    {
        if (inst != null && hv.instances().get(request.id()) == inst)
        {
            hv.stop(core, inst, Instance.State.FAULTED, "launch failed: " + Clip.cut(String.valueOf(cause.getMessage()),
                Clip.MESSAGE));
            return;
        }
        if (mine != null)
        {
            hv.clusters().release(mine);
        }
        if (tty >= 0)
        {
            hv.hardware().unfitTty(tty);
            hv.ttys().release(tty);
        }
        if (ioc)
        {
            hv.hardware().unfitIoc(request.id());
            hv.iocs().release(request.id());
        }
    }
}
