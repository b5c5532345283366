package org.smpboot.sim.hyper;

import java.util.List;
import java.util.SplittableRandom;

import org.smpboot.sim.hw.Bank;
import org.smpboot.sim.hw.Rom;
import org.smpboot.sim.image.Elf32;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.image.ElfSymbol;

/**
 * The hypervisor's own images, real ELF32 images whose bytes the jumps are checked against:
 * <ul>
 * <li>{@code hyper.elf}: a {@code .hyper} code segment of {@value #HYPER_SIZE} bytes at 0x0 of the hypervisor
 * cluster's RAM (placed by the machine's loader, as the LETI preloader is): {@code hyper_reset} (every core's reset
 * address), {@code hyper_shell} (core[0][0]) and {@code hyper_wait} (every other core, until an IPI); then a
 * {@code .hyperdata} segment holding {@code shell_line}, the shell's line buffer ({@value #LINE_SIZE} bytes).</li>
 * <li>{@code hat.elf}: the HAT activation code, {@value #HAT_SIZE} bytes linked at {@link #HAT_CODE}, kept in the ROM
 * and copied by the hypervisor, for each instance, to {@link #HAT_CODE} of its own cluster's RAM and of the instance's
 * cluster 0: {@code hat_activate} runs from the hypervisor's copy, and {@code hat_activated}, which follows it once
 * the HAT translates, runs from the instance's (seed 000, "Copie du code d'activation des Hats").</li>
 * </ul>
 * Their content is a fixed pseudo-random stream, so a missing copy shows as different bytes. The machine's loader also
 * places the machine's own {@code arch_info.bin} at {@link #MACHINE_ARCH_INFO} of the hypervisor's cluster: the
 * hypervisor learns the machine from it.
 */
public final class HyperImages
{
    /** Bytes of hyper.elf's code. */
    public static final int HYPER_SIZE = 0x2000;
    /** Where the HAT activation code runs, in the hypervisor's cluster and in each instance's cluster 0: above every
     * zone of the guest's boot (they end below 9 MiB). */
    public static final int HAT_CODE = 0x0100_0000;
    /** Bytes of the HAT activation code. */
    public static final int HAT_SIZE = 0x400;
    /** Where the shell's line buffer starts (symbol {@code shell_line}). */
    public static final int SHELL_LINE = 0x2000;
    /** Bytes of the shell's line buffer: a line keeps at most this many characters minus one. */
    public static final int LINE_SIZE = 0x100;
    /** Where the machine's loader puts the machine's arch_info.bin in the hypervisor's cluster (1 MiB zone). */
    public static final int MACHINE_ARCH_INFO = 0x0010_0000;
    /** Bytes of that zone. */
    public static final int MACHINE_ARCH_INFO_SIZE = 0x0010_0000;

    private HyperImages()
    {
    }

    /** @return hyper.elf. */
    public static ElfImage hypervisor()
    {
        return new ElfImage(0, List.of(new ElfSegment(".hyper", 0, 0, Elf32.PF_R | Elf32.PF_X,
            bytes(0x4859_5045, HYPER_SIZE), HYPER_SIZE), new ElfSegment(".hyperdata", SHELL_LINE, SHELL_LINE,
            Elf32.PF_R | Elf32.PF_W, new byte[0], LINE_SIZE)), List.of(
            new ElfSymbol("hyper_reset", 0, 0x100, true),
            new ElfSymbol("hyper_shell", 0x100, 0xF00, true),
            new ElfSymbol("hyper_wait", 0x1000, 0x1000, true),
            new ElfSymbol("shell_line", SHELL_LINE, LINE_SIZE, false)));
    }

    /** @return hat.elf, the HAT activation code. */
    public static ElfImage hat()
    {
        return new ElfImage(HAT_CODE, List.of(new ElfSegment(".hat", HAT_CODE, HAT_CODE, Elf32.PF_R | Elf32.PF_X,
            bytes(0x4841_5421, HAT_SIZE), HAT_SIZE)), List.of(
            new ElfSymbol("hat_activate", HAT_CODE, 0x100, true),
            new ElfSymbol("hat_activated", HAT_CODE + 0x100, HAT_SIZE - 0x100, true)));
    }

    /**
     * The machine's loader in hypervisor mode, before the cores start (as LETI's loader places the preloader): hyper.elf
     * and the machine's own arch_info.bin into cluster 0's RAM, hat.elf into the ROM.
     *
     * @param ram      cluster 0's bank.
     * @param rom      cluster 0's ROM.
     * @param archInfo the machine's arch_info.bin.
     * @throws IllegalArgumentException when arch_info.bin does not fit its zone.
     */
    public static void load(final Bank ram, final Rom rom, final byte[] archInfo)
    {
        if (archInfo.length > MACHINE_ARCH_INFO_SIZE)
        {
            throw new IllegalArgumentException("the machine's arch_info.bin has " + archInfo.length + " bytes, its " +
                "zone holds " + MACHINE_ARCH_INFO_SIZE);
        }
        final ElfSegment code = hypervisor().segments().get(0);
        ram.window(code.paddr(), code.fileSize()).putBytes(0, code.data());
        ram.window(MACHINE_ARCH_INFO, archInfo.length).putBytes(0, archInfo);
        rom.load(hat().segments().get(0).data(), 0);
    }

    private static byte[] bytes(final long seed, final int size)
    {
        final byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
