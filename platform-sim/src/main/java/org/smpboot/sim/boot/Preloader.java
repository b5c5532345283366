package org.smpboot.sim.boot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.smpboot.sim.driver.BdvDriver;
import org.smpboot.sim.driver.TtyConsole;
import org.smpboot.sim.hw.CodeEntry;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Xcu;
import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.driver.CallFrames;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.HardConfig;
import org.smpboot.sim.image.ImageFormatException;
import org.smpboot.sim.trace.BootPhase;

/**
 * Phase 1, the TSAR preloader ({@code reset}, at 0x0 of cluster 0 on LETI), as reference almos-mkh.md section 2
 * describes it. Every core reads its gid. Core[0][0] prints the version, loads boot.elf from the disk (its ELF header,
 * then every PT_LOAD segment to its physical address, the rest of the segment zeroed) and jumps to its entry. Every
 * other core unmasks WTI #lid on its first XCU output, sleeps in {@code wait}, and on wake-up reads WTI_REG[lid]
 * (which acknowledges it) and jumps to the address it holds.
 *
 * <p>The preloader is built for one platform (TSAR's {@code hard_config.h}): p_width, the XCU, TTY and block device
 * addresses and cluster 0's RAM size are compiled into its image ({@code reset_config}, a {@link HardConfig}), which it
 * reads from cluster 0's memory where it runs; it knows nothing of arch_info.bin.
 */
final class Preloader implements CodeEntry
{
    /** Version string of TSAR's preloader, RESET_VERSION 0x00010003. */
    static final String VERSION = "[RESET] smpboot preloader for TSAR, version 0x00010003";
    private static final int MAX_PHDRS = 16;
    private static final int CACHE_BYTES = 0x2000;
    /** RESET_STACK_SIZE + 0x4000 below the top of cluster 0's RAM: the preloader's bss and stack. */
    private static final int BSS_FROM_TOP = 0x6000;

    private final Machine machine;
    private final int config;
    private final long timeoutNanos;
    private final MemoryMapRecorder maps;
    private final CallFrames frames;

    /**
     * @param machine      the machine (its device accounting epoch only).
     * @param preloader    preloader.elf: its own image, whose symbols it is linked with.
     * @param timeoutNanos the bound of its waits, on the machine's time.
     * @param maps         told when phase 1 is over.
     */
    Preloader(final Machine machine, final ElfImage preloader, final long timeoutNanos,
        final MemoryMapRecorder maps)
    {
        this.machine = machine;
        this.config = preloader.address("reset_config");
        this.timeoutNanos = timeoutNanos;
        this.maps = maps;
        this.frames = CallFrames.of("preloader.elf", preloader, 0);
    }

    /** @return the prologues of the preloader's functions (the elected flavor's arch_init), from its {@code frames}. */
    CallFrames frames()
    {
        return frames;
    }

    @Override
    public long run(final Processor core)
    {
        core.counts().epoch(BootPhase.PRELOADER.ordinal());
        core.phase(BootPhase.PRELOADER.step("reset"));
        final int gid = core.gid();
        final int pWidth = core.lw(config + HardConfig.P_WIDTH);
        final int lid = gid & ((1 << pWidth) - 1);
        final int cxy = gid >>> pWidth;
        if (cxy == BootSteps.BOOT_CXY && lid == 0)
        {
            return loadBootLoader(core);
        }
        final long xcu = PhysicalAddress.of(cxy, core.lw(config + HardConfig.XCU_BASE));
        final int irqsPerCore = core.lw(config + HardConfig.IRQS_PER_CORE);
        core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_WTI, irqsPerCore * lid), 1 << lid);
        core.phase(BootPhase.PRELOADER.step("wait for the wake-up IPI"));
        core.waitForInterrupt(timeoutNanos, "the boot-loader's wake-up IPI in WTI " + lid + " of xcu" +
            String.format("[0x%02x]", cxy));
        return core.bus().read32(core, xcu + Xcu.offset(Xcu.WTI_REG, lid)) & 0xFFFF_FFFFL;
    }

    /**
     * What core[0][0] does in the preloader (and the elected leader in the elected flavor): prints the version, loads
     * boot.elf's PT_LOAD segments from the disk to their physical addresses in cluster 0, zeroes the rest of each.
     *
     * @param core who loads.
     * @return boot.elf's entry.
     */
    long loadBootLoader(final Processor core)
    {
        machine.epoch(BootPhase.PRELOADER.ordinal());
        core.call("reset_elf_loader");
        final HardConfig hard;
        try
        {
            hard = HardConfig.read(core.window(BootSteps.BOOT_CXY, config, HardConfig.LENGTH),
                "reset_config of preloader.elf");
        }
        catch (final ImageFormatException e)
        {
            throw new CoreFault(core, e.getMessage());
        }
        final TtyConsole tty = new TtyConsole(hard.txtBase(), BootSteps.BOOT_CXY, -1, "", timeoutNanos);
        tty.println(core, VERSION);
        core.phase(BootPhase.PRELOADER.step("load boot.elf"));
        final long ramTop = PhysicalAddress.of(BootSteps.BOOT_CXY, (int)hard.ramSize());
        final BdvDriver bdv = new BdvDriver(core, hard.iocBase(), ramTop - BSS_FROM_TOP, CACHE_BYTES, timeoutNanos);
        bdv.init();
        final long at = (long)DiskLayout.BOOT_ELF_BLOCK * DiskLayout.BLOCK_SIZE;
        final ByteBuffer h = read(core, bdv, at, 52);
        if (h.getInt(0) != 0x464c457f)
        {
            throw new CoreFault(core, "no ELF at block " + DiskLayout.BOOT_ELF_BLOCK + " of the disk: boot.elf is " +
                "missing (magic " + String.format("%08x", h.getInt(0)) + ")");
        }
        final int entry = h.getInt(24);
        final int phoff = h.getInt(28);
        final int phnum = h.getShort(44) & 0xFFFF;
        if (phnum > MAX_PHDRS)
        {
            throw new CoreFault(core, "boot.elf has " + phnum + " program headers, the preloader takes " + MAX_PHDRS);
        }
        final ByteBuffer ph = read(core, bdv, at + phoff, phnum * 32);
        for (int i = 0; i < phnum; i++)
        {
            final int p = i * 32;
            if (ph.getInt(p) != 1)
            {
                continue; // not PT_LOAD
            }
            final int offset = ph.getInt(p + 4);
            final int paddr = ph.getInt(p + 12);
            final int filesz = ph.getInt(p + 16);
            final int memsz = ph.getInt(p + 20);
            final byte[] chunk = new byte[CACHE_BYTES];
            for (int done = 0; done < filesz; done += chunk.length)
            {
                final int n = Math.min(chunk.length, filesz - done);
                read(bdv, core, at + offset + done, chunk, n);
                core.bus().write(core, PhysicalAddress.of(0, paddr + done), chunk, 0, n);
            }
            core.bus().set(core, PhysicalAddress.of(0, paddr + filesz), memsz - filesz, (byte)0);
            tty.println(core, String.format("[RESET] Segment loaded : address = 0x%08X / size = 0x%08X", paddr, memsz));
        }
        tty.println(core, String.format("[RESET] Complete reset_elf_loader at cycle %d / boot entry = 0x%08X",
            core.cycles(), entry));
        maps.record(BootPhase.PRELOADER, -1);
        return entry & 0xFFFF_FFFFL;
    }

    private static ByteBuffer read(final Processor core, final BdvDriver bdv, final long at, final int n)
    {
        final byte[] b = new byte[n];
        read(bdv, core, at, b, n);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void read(final BdvDriver bdv, final Processor core, final long at, final byte[] b, final int n)
    {
        try
        {
            int done = 0;
            while (done < n)
            {
                final int r = bdv.read(at + done, b, done, n - done);
                if (r <= 0)
                {
                    throw new CoreFault(core, "disk ends before byte " + (at + n) + " of boot.elf");
                }
                done += r;
            }
        }
        catch (final IOException e)
        {
            throw new CoreFault(core, e);
        }
    }
}
