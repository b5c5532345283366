package org.smpboot.sim.hyper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.smpboot.sim.boot.ElfSymbols;
import org.smpboot.sim.boot.BootFirmware;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootImages;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.hw.CodeEntry;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.image.Fat32Writer;
import org.smpboot.sim.kernel.KernelInit;
import org.smpboot.sim.kernel.KernelState;
import org.smpboot.sim.kernel.KernelSymbols;
import org.smpboot.sim.platform.Device;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/**
 * What the hypervisor builds for an instance before it launches it: its arch-info, its boot disk, its HAT table and
 * its software in its own code map.
 */
final class GuestBuild
{
    private GuestBuild()
    {
    }

    /**
     * @param hard the machine's platform.
     * @param id   the instance.
     * @param n    its clusters.
     * @return its arch-info: a 1 x N mesh (clusters 0..N-1, I/O in 0) of the machine's widths and cores per cluster,
     * with 4 TTY sub-channels, one block device and the machine's frame-buffer size.
     */
    static Platform platform(final Platform hard, final int id, final int n)
    {
        final int coresPer = hard.coresMax();
        final int fbf = (int)hard.devices().stream().filter(d -> d.type() == DeviceType.FBF_SCL)
            .mapToInt(Device::arg0).findFirst().orElse(0);
        final Platform p = PlatformBuilder.build(new PlatformSpec(1, n, coresPer, GuestDevices.TTY_SUBCHANNELS,
            DeviceType.IOC_BDV, fbf, 0, 0, 0, hard.xWidth(), hard.yWidth(), hard.pWidth(), List.of()));
        return new Platform("instance" + id + "_1_" + n + "_" + coresPer, p.xSize(), p.ySize(), p.xWidth(),
            p.yWidth(), p.pWidth(), p.ioCxy(), p.bootCxy(), p.irqsPerCore(), p.cacheLine(), p.clusters(), p.cores(),
            p.devices(), p.irqs());
    }

    /**
     * @param settings the hypervisor's settings.
     * @param id       the instance, its IOC channel.
     * @param images   its images.
     * @param dir      its output directory.
     * @return the disk of its IOC channel: the one given, or a FAT32 boot disk built in {@code dir}.
     */
    static Path disk(final HyperSettings settings, final int id, final BootImages images, final Path dir)
    {
        final Path given = settings.disks().get(id);
        if (given != null)
        {
            return given;
        }
        try
        {
            Files.createDirectories(dir);
            final Path disk = dir.resolve("ioc" + id + ".img");
            final Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(DiskLayout.ARCH_INFO_FILE, images.archInfoFile());
            files.put(DiskLayout.KERNEL_FILE, images.kernelFile());
            Fat32Writer.write(disk, DiskLayout.MIN_SIZE_MB, DiskLayout.LABEL, images.bootFile(), files);
            return disk;
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("cannot write the boot disk of IOC channel " + id + " in " + dir +
                ": " + e.getMessage(), e);
        }
    }

    /**
     * @param machine the machine.
     * @param id      the instance.
     * @param guest   its arch-info.
     * @param mine    its machine clusters, guest cluster 0 first.
     * @param devices its channels.
     * @return what its HATs hold: each guest cluster's RAM and XCU, MMC and DMA, and its I/O channels.
     */
    static HatTable table(final Machine machine, final int id, final Platform guest, final List<Integer> mine,
        final GuestDevices devices)
    {
        final List<HatTable.Window> windows = new ArrayList<>();
        for (int k = 0; k < mine.size(); k++)
        {
            final int m = mine.get(k);
            for (final Device d : guest.devices())
            {
                if (d.cxy() != k)
                {
                    continue;
                }
                final long local = PhysicalAddress.offset(d.base());
                switch (d.type())
                {
                    case RAM_SCL -> windows.add(new HatTable.Window(d.base(), machine.bus().bank(m).size(),
                        PhysicalAddress.of(m, 0), "RAM"));
                    case ICU_XCU, MMC_TSR, DMA_SCL -> windows.add(new HatTable.Window(d.base(), d.size(),
                        (long)m << 32 | local, d.type().name()));
                    default ->
                    {
                        // the external devices are the instance's channels; the guest has no ROM
                    }
                }
            }
        }
        windows.addAll(devices.windows());
        return new HatTable(id, mine, windows);
    }

    /**
     * Binds the guest's software in its own code map: the tsar firmware (preloader, boot-loader) and kernel_init,
     * bound to the guest's devices and kernel state, and the second half of the HAT activation code.
     *
     * @param machine      the machine.
     * @param settings     the hypervisor's settings (layout, bounds).
     * @param code         the instance's code map.
     * @param kernel       its kernel state.
     * @param images       its images.
     * @param guest        its arch-info.
     * @param hatActivated what {@code hat_activated} does.
     * @param rogue        a misbehaving guest, or null.
     */
    static void software(final Machine machine, final HyperSettings settings, final CodeMap code,
        final KernelState kernel, final BootImages images, final Platform guest, final CodeEntry hatActivated,
        final Rogue rogue)
    {
        final BootOptions options = new BootOptions(settings.layout(), settings.timeout(), false, BootFlavor.TSAR);
        code.register("preloader.elf", ElfSymbols.of(images.preloader()));
        code.register("boot.elf", ElfSymbols.of(images.boot()));
        code.register("kernel.elf", ElfSymbols.of(images.kernel()), settings.layout().kernelShift());
        code.register("hat.elf", ElfSymbols.of(HyperImages.hat()));
        BootFirmware.install(machine, code, images, options, (phase, cxy) -> { }, external(guest, DeviceType.TXT_TTY),
            external(guest, DeviceType.IOC_BDV));
        new KernelInit(machine, KernelSymbols.of(images.kernel(), settings.layout().kernelShift()), kernel,
            settings.timeout().toNanos(), KernelInit.TICK_CYCLES).bind(code);
        code.bind("hat_activated", hatActivated);
        if (rogue != null)
        {
            final CodeEntry kernelInit = code.binding("kernel_init");
            code.bind("kernel_init", core ->
            {
                if (core.gid() == 0)
                {
                    core.phase("rogue guest: " + (rogue.write() ? "write" : "read") + " at " +
                        PhysicalAddress.format(rogue.address()));
                    if (rogue.write())
                    {
                        core.bus().write32(core, rogue.address(), Rogue.VALUE);
                    }
                    else
                    {
                        core.bus().read32(core, rogue.address());
                    }
                }
                return kernelInit.run(core);
            });
        }
    }

    /**
     * @param guest an instance's arch-info.
     * @param type  an external device type.
     * @return its base in the guest's I/O cluster.
     */
    static long external(final Platform guest, final DeviceType type)
    {
        return guest.devices().stream().filter(d -> d.cxy() == guest.ioCxy() && d.type() == type).findFirst()
            .orElseThrow().base();
    }
}
