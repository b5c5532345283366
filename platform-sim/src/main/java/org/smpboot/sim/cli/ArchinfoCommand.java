package org.smpboot.sim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.smpboot.sim.image.ArchInfo;
import org.smpboot.sim.image.ImageFormatException;
import org.smpboot.sim.image.ArchInfoReader;
import org.smpboot.sim.image.ArchInfoWriter;
import org.smpboot.sim.image.PlatformDtb;
import org.smpboot.sim.platform.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code smpboot archinfo}: make, dump and export the platform description ALMOS-MKH boots from. */
@Command(
    name = "archinfo",
    mixinStandardHelpOptions = true,
    header = "Makes, validates and exports arch_info.bin (the platform).",
    description = {
        "arch_info.bin: the ALMOS-MKH platform description (clusters, cores, devices, irq wiring).",
        "Exit status: 0 done, 1 an invalid arch_info.bin (one line names the field and its byte offset), 2 bad",
        "input: flags, a description, a missing, unreadable or unwritable file."},
    subcommands = {ArchinfoCommand.Make.class, ArchinfoCommand.Dump.class, ArchinfoCommand.ExportDtb.class})
final class ArchinfoCommand implements Runnable
{
    @Spec
    private CommandSpec spec;

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command: make, dump or export-dtb");
    }

    /**
     * @param file an arch_info.bin the user named.
     * @return what it describes.
     * @throws ImageFormatException when it is invalid (the job's answer, exit 1).
     * @throws IllegalArgumentException when it cannot be read (bad input).
     */
    static ArchInfo read(final Path file)
    {
        return ArchInfoReader.read(UserInput.clip(file.toString()), UserInput.read("", file));
    }

    /** {@code archinfo make}. */
    @Command(name = "make", mixinStandardHelpOptions = true,
        header = "Writes arch_info.bin for a preset, a description file or flags.",
        description = {"Flags override the base (a preset or a description file).",
            "Exit status: 0 written, 2 bad input (flags, description, a file that cannot be written)."})
    static final class Make implements Callable<Integer>
    {
        @Spec
        private CommandSpec spec;

        @Mixin
        private DescriptionOptions platform;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write arch_info.bin.")
        private Path out;

        @Override
        public Integer call() throws IOException
        {
            final Platform p = platform.platform();
            final byte[] bytes = ArchInfoWriter.write(p);
            UserInput.write("--out", out, bytes);
            spec.commandLine().getOut().printf("%s: %s, %d clusters, %d cores, %d devices, %d irqs, %d bytes%n", out,
                p.name(), p.clusters().size(), p.cores().size(), p.devices().size(), p.irqs().size(), bytes.length);
            return 0;
        }
    }

    /** {@code archinfo dump}. */
    @Command(name = "dump", mixinStandardHelpOptions = true,
        header = "Validates arch_info.bin and prints it, one line per item.",
        description = "One line per cluster, core, device and wired irq. Exit status: 0 valid, 1 invalid (one line names the field and its byte offset), 2 a file " +
            "that cannot be read.")
    static final class Dump implements Callable<Integer>
    {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The arch_info.bin.")
        private Path file;

        @Override
        public Integer call() throws IOException
        {
            print(read(file), spec.commandLine().getOut());
            return 0;
        }

        static void print(final ArchInfo p, final PrintWriter out)
        {
            out.printf("platform %s: %dx%d clusters (x_width %d, y_width %d, p_width %d), io cxy 0x%02x, boot cxy " +
                "0x%02x, %d cores, %d devices, %d irqs%n", p.name(), p.xSize(), p.ySize(), p.xWidth(), p.yWidth(),
                p.pWidth(), p.ioCxy(), p.bootCxy(), p.cores().size(), p.devices().size(), p.irqs().size());
            for (int i = 0; i < p.clusters().size(); i++)
            {
                final ArchInfo.Cluster c = p.clusters().get(i);
                out.printf("cluster[%d] cxy 0x%02x (%d,%d): %d cores, %d devices%n", i, c.cxy(), p.x(c.cxy()),
                    p.y(c.cxy()), c.cores(), c.devices());
                for (int k = c.coreOffset(); k < c.coreOffset() + c.cores(); k++)
                {
                    final ArchInfo.Core core = p.cores().get(k);
                    out.printf("  core[%d] gid 0x%03x cxy 0x%02x lid %d%n", k, core.gid(), core.cxy(), core.lid());
                }
                for (int k = c.deviceOffset(); k < c.deviceOffset() + c.devices(); k++)
                {
                    final ArchInfo.Device d = p.devices().get(k);
                    out.printf("  device[%d] %s base 0x%010x size 0x%x channels %d args %d %d %d %d irqs %d%n", k,
                        d.type(), d.base(), d.size(), d.channels(), d.arg0(), d.arg1(), d.arg2(), d.arg3(), d.irqs());
                    for (int port = 0; port < d.irqs(); port++)
                    {
                        final ArchInfo.Irq irq = p.irqs().get(d.irqOffset() + port);
                        if (irq.valid())
                        {
                            out.printf("    irq[%d] input %d <- %s channel %d %s%n", d.irqOffset() + port, port,
                                irq.source(), irq.channel(), irq.rx() ? "rx" : "tx");
                        }
                    }
                }
            }
        }
    }

    /** {@code archinfo export-dtb}. */
    @Command(name = "export-dtb", mixinStandardHelpOptions = true,
        header = "Writes the platform as a device tree blob (FDT v17).",
        description = "From an arch_info.bin, or from the platform flags. Show it with: dtc -I dtb -O dts FILE. Exit status: 0 written, 1 an invalid arch_info.bin, 2 " +
            "bad input.")
    static final class ExportDtb implements Callable<Integer>
    {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "An arch_info.bin (default: the flags).")
        private Path file;

        @Mixin
        private DescriptionOptions platform;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the .dtb.")
        private Path out;

        @Override
        public Integer call() throws IOException
        {
            if (file != null && platform.any())
            {
                throw new IllegalArgumentException("give FILE or platform flags, not both");
            }
            final ArchInfo p = file != null ? read(file) : ArchInfo.of(platform.platform());
            final byte[] blob = PlatformDtb.export(p);
            UserInput.write("--out", out, blob);
            spec.commandLine().getOut().printf("%s: %s, %d cpus, %d bytes (show it: dtc -I dtb -O dts %s)%n", out,
                p.name(), p.cores().size(), blob.length, out);
            return 0;
        }
    }
}
