package org.smpboot.sim.platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds a {@link Platform} from a {@link PlatformSpec} the way the LETI generator does (reference almos-mkh.md 4.1).
 *
 * <p>Every cluster with cores gets, in this order (the boot code takes the first non-RAM device as the XCU):
 * RAM_SCL at 0x0 (64 MiB), ICU_XCU at 0xF0000000 (16 HWI, 16 PTI, 16 WTI, cores x 4 outputs; HWI 8 is the MMC),
 * MMC_TSR at 0xF1000000, DMA_SCL at 0xF5000000 (one channel per core, channel c wired to XCU HWI c). Cluster 0 adds
 * ROM_SCL at 0xBFC00000 (16 KiB, as on the IOB platform: it holds the hypervisor's HAT activation code). The I/O
 * cluster adds IOC at 0xF2000000, FBF_SCL at 0xF3000000 (if fbf_size &gt; 0),
 * TXT_TTY at 0xF4000000, NIC_CBF at 0xF7000000 (if nics &gt; 0), PIC_TSR at 0xF9000000 with 32 inputs wired
 * NIC rx 0-1, NIC tx 2-3, IOC 8, TTY rx 16-23, TTY tx 24-31.
 */
public final class PlatformBuilder
{
    /** RAM per cluster, as LETI. */
    public static final long RAM_SIZE = 64L << 20;
    /** XCU outputs per core (a NetBSD constraint kept by TSAR). */
    public static final int IRQS_PER_CORE = 4;
    /** XCU HWI, PTI, WTI inputs. */
    public static final int XCU_INPUTS = 16;
    /** PIC inputs. */
    public static final int PIC_INPUTS = 32;
    /** XCU HWI input of the MMC error line. */
    public static final int MMC_HWI = 8;
    /** ROM base in cluster 0, as TSAR's IOB platform. */
    public static final long ROM_BASE = 0xBFC0_0000L;
    /** ROM size. */
    public static final long ROM_SIZE = 0x4000;

    private PlatformBuilder()
    {
    }

    /**
     * @param spec the parameters; validated here.
     * @return the platform.
     * @throws IllegalArgumentException when the spec breaks a limit.
     */
    public static Platform build(final PlatformSpec spec)
    {
        spec.validate();
        final List<Cluster> clusters = new ArrayList<>();
        final List<Core> cores = new ArrayList<>();
        final List<Device> devices = new ArrayList<>();
        final List<Irq> irqs = new ArrayList<>();
        for (int x = 0; x < spec.xSize(); x++)
        {
            for (int y = 0; y < spec.ySize(); y++)
            {
                final int cxy = spec.cxy(x, y);
                final long at = (long)cxy << 32;
                final int firstCore = cores.size();
                final int firstDevice = devices.size();
                if (spec.hasCores(x, y))
                {
                    for (int lid = 0; lid < spec.cores(); lid++)
                    {
                        cores.add(new Core(cxy << spec.pWidth() | lid, cxy, lid));
                    }
                    add(devices, irqs, at, 0, RAM_SIZE, DeviceType.RAM_SCL, 1, 0, 0, 0, 0, List.of());
                    final List<Irq> hwi = unused(XCU_INPUTS);
                    hwi.set(MMC_HWI, new Irq(DeviceType.MMC_TSR, 0, false));
                    for (int c = 0; c < spec.cores(); c++)
                    {
                        hwi.set(c, new Irq(DeviceType.DMA_SCL, c, false));
                    }
                    final int outputs = spec.cores() * IRQS_PER_CORE;
                    add(devices, irqs, at, 0xF000_0000L, 0x1000, DeviceType.ICU_XCU, outputs, XCU_INPUTS, XCU_INPUTS,
                        XCU_INPUTS, outputs, hwi);
                    add(devices, irqs, at, 0xF100_0000L, 0x1000, DeviceType.MMC_TSR, 1, 0, 0, 0, 0, List.of());
                    add(devices, irqs, at, 0xF500_0000L, 0x1000, DeviceType.DMA_SCL, spec.cores(), 0, 0, 0, 0,
                        List.of());
                }
                if (cxy == 0)
                {
                    add(devices, irqs, at, ROM_BASE, ROM_SIZE, DeviceType.ROM_SCL, 1, 0, 0, 0, 0, List.of());
                }
                if (cxy == spec.ioCxy())
                {
                    addIo(spec, devices, irqs, at);
                }
                clusters.add(new Cluster(cxy, cores.size() - firstCore, firstCore, devices.size() - firstDevice,
                    firstDevice));
            }
        }
        final String name = "smpboot_" + spec.xSize() + "_" + spec.ySize() + "_" + spec.cores();
        return new Platform(name, spec.xSize(), spec.ySize(), spec.xWidth(), spec.yWidth(), spec.pWidth(),
            spec.ioCxy(), 0, IRQS_PER_CORE, 64, clusters, cores, devices, irqs);
    }

    private static void addIo(final PlatformSpec spec, final List<Device> devices, final List<Irq> irqs, final long at)
    {
        add(devices, irqs, at, 0xF200_0000L, 0x1000, spec.ioc(), 1, 0, 0, 0, 0, List.of());
        if (spec.fbfSize() > 0)
        {
            add(devices, irqs, at, 0xF300_0000L, (long)spec.fbfSize() * spec.fbfSize(), DeviceType.FBF_SCL, 1,
                spec.fbfSize(), spec.fbfSize(), 0, 0, List.of());
        }
        add(devices, irqs, at, 0xF400_0000L, 0x4000, DeviceType.TXT_TTY, spec.ttys(), 0, 0, 0, 0, List.of());
        if (spec.nics() > 0)
        {
            add(devices, irqs, at, 0xF700_0000L, 0x80000, DeviceType.NIC_CBF, spec.nics(), 0, 0, 0, 0, List.of());
        }
        final List<Irq> inputs = unused(PIC_INPUTS);
        for (int c = 0; c < spec.nics(); c++)
        {
            inputs.set(c, new Irq(DeviceType.NIC_CBF, c, true));
            inputs.set(2 + c, new Irq(DeviceType.NIC_CBF, c, false));
        }
        inputs.set(8, new Irq(spec.ioc(), 0, false));
        for (int c = 0; c < spec.ttys(); c++)
        {
            inputs.set(16 + c, new Irq(DeviceType.TXT_TTY, c, true));
            inputs.set(24 + c, new Irq(DeviceType.TXT_TTY, c, false));
        }
        add(devices, irqs, at, 0xF900_0000L, 0x1000, DeviceType.PIC_TSR, PIC_INPUTS, PIC_INPUTS, 0, 0, 0, inputs);
    }

    private static List<Irq> unused(final int n)
    {
        return new ArrayList<>(Collections.nCopies(n, Irq.NONE));
    }

    private static void add(final List<Device> devices, final List<Irq> irqs, final long clusterBase, final long local,
        final long size, final DeviceType type, final int channels, final int arg0, final int arg1, final int arg2,
        final int arg3, final List<Irq> inputs)
    {
        devices.add(new Device(clusterBase | local, size, type, channels, arg0, arg1, arg2, arg3, inputs.size(),
            irqs.size()));
        irqs.addAll(inputs);
    }
}
