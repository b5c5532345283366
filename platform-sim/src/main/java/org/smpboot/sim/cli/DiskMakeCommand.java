package org.smpboot.sim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.smpboot.sim.boot.BootElf;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfReader;
import org.smpboot.sim.image.ElfWriter;
import org.smpboot.sim.image.Fat32Geometry;
import org.smpboot.sim.image.Fat32Writer;
import org.smpboot.sim.image.HardConfig;
import org.smpboot.sim.image.ImageFormatException;
import org.smpboot.sim.kernel.KernelElf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code smpboot disk make}: writes a boot disk from given or built-in images. */
@Command(
    name = "make",
    mixinStandardHelpOptions = true,
    header = "Writes a FAT32 boot disk from built-in or given images.",
    description = {
        "Writes a FAT32 image: boot.elf raw from block " + DiskLayout.BOOT_ELF_BLOCK + ", kernel.elf and arch_info.bin",
        "in the root directory. boot.elf and kernel.elf not given are the built-in ones for --layout; the built-in",
        "boot.elf is built for the platform flags (its TXT0 and block device: the default platform without flags).",
        "Exit status: 0 when written, 2 on bad input (a file that cannot be read or written included)."})
final class DiskMakeCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private PlatformOptions platform;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The image file to write " +
        "(replaced).")
    private Path out;

    @Option(names = "--boot", paramLabel = "FILE", description = "boot.elf to store raw (default: built-in for --layout).")
    private Path boot;

    @Option(names = "--kernel", paramLabel = "FILE", description = "kernel.elf to store as a file (default: built-in).")
    private Path kernel;

    @Option(names = "--arch-info", paramLabel = "FILE", description = "arch_info.bin to store as a file (default: none).")
    private Path archInfo;

    @Option(names = "--size-mb", paramLabel = "MIB", description = "Volume size in MiB, " + DiskLayout.MIN_SIZE_MB + " to " +
        DiskLayout.MAX_SIZE_MB + " (default: ${DEFAULT-VALUE}).", defaultValue = "" + DiskLayout.DEFAULT_SIZE_MB)
    private int sizeMb;

    @Option(names = "--layout", paramLabel = "LAYOUT", description = "Memory layout of the built-in boot.elf: almos-mk or almos-mkh " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "almos-mkh")
    private String layout;

    @Option(names = "--label", paramLabel = "LABEL", description = "Volume label (default: ${DEFAULT-VALUE}).",
        defaultValue = DiskLayout.LABEL)
    private String label;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter o = spec.commandLine().getOut();
        final BootLayout preset = UserInput.parse("--layout", () -> BootLayout.of(layout));
        if (sizeMb < DiskLayout.MIN_SIZE_MB || sizeMb > DiskLayout.MAX_SIZE_MB)
        {
            throw new IllegalArgumentException("--size-mb must be " + DiskLayout.MIN_SIZE_MB + " to " +
                DiskLayout.MAX_SIZE_MB + " (a FAT32 volume with 2 MiB reserved), got " + sizeMb);
        }
        final String vol = label.toUpperCase(java.util.Locale.ROOT);
        if (vol.isEmpty() || vol.length() > 11 || !java.nio.charset.StandardCharsets.US_ASCII.newEncoder()
            .canEncode(vol))
        {
            throw new IllegalArgumentException("--label must be 1 to 11 ASCII characters, got '" +
                UserInput.clip(label) + "'");
        }
        final byte[] bootBytes = boot == null ? ElfWriter.write(BootElf.image(preset, HardConfig.of(
            platform.platform()))) : elf("--boot", boot);
        final byte[] kernelBytes = kernel == null ? ElfWriter.write(KernelElf.image()) : elf("--kernel", kernel);
        final Map<String, byte[]> files = new LinkedHashMap<>();
        if (archInfo != null)
        {
            files.put(DiskLayout.ARCH_INFO_FILE, bytes("--arch-info", archInfo));
        }
        files.put(DiskLayout.KERNEL_FILE, kernelBytes);
        UserInput.writable("--out", out);
        final Fat32Geometry g;
        try
        {
            g = Fat32Writer.write(out, sizeMb, label, bootBytes, files);
        }
        catch (final IOException e)
        {
            throw UserInput.bad("--out", out, "cannot write it: " + UserInput.why(e));
        }
        final ElfImage bootImage = ElfReader.read(bootBytes);
        o.printf("disk: wrote %s, FAT32 volume %s of %d MiB (%d clusters of %d bytes)%n", out,
            label.toUpperCase(java.util.Locale.ROOT), sizeMb, g.clusterCount(), g.clusterBytes());
        o.printf("  boot.elf      raw at block %d, %d bytes, entry 0x%08x (%s)%n", DiskLayout.BOOT_ELF_BLOCK,
            bootBytes.length, bootImage.entry(), boot == null ? "built-in, layout " + preset.cliName() : boot);
        o.printf("  kernel.elf    %d bytes (%s)%n", kernelBytes.length, kernel == null ? "built-in" : kernel);
        if (archInfo != null)
        {
            o.printf("  arch_info.bin %d bytes (%s)%n", files.get(DiskLayout.ARCH_INFO_FILE).length, archInfo);
        }
        else
        {
            o.println("  arch_info.bin not given: left out (give one with --arch-info)");
        }
        return 0;
    }

    private static byte[] elf(final String option, final Path file) throws IOException
    {
        final byte[] b = bytes(option, file);
        try
        {
            ElfReader.read(b);
        }
        catch (ImageFormatException e)
        {
            throw UserInput.bad(option, file, e.getMessage());
        }
        return b;
    }

    private static byte[] bytes(final String option, final Path file)
    {
        return UserInput.read(option, UserInput.readable(option, file));
    }
}
