package org.smpboot.sim.image;

import java.util.Locale;

import org.smpboot.sim.image.ArchInfo.Cluster;
import org.smpboot.sim.image.ArchInfo.Core;
import org.smpboot.sim.image.ArchInfo.Device;
import org.smpboot.sim.image.ArchInfo.Irq;

/**
 * Exports a platform, as its {@link ArchInfo} describes it, as a device tree blob, so that {@code dtc -I dtb -O dts}
 * shows it. The tree:
 * <pre>
 * / { #address-cells = &lt;2&gt;; #size-cells = &lt;2&gt;; compatible = "smpboot,tsar-sim"; model = NAME;
 *     smpboot,mesh = &lt;x_size y_size x_width y_width p_width&gt;; smpboot,io-cxy; smpboot,boot-cxy;
 *   cpus { #address-cells = &lt;1&gt;; #size-cells = &lt;0&gt;;
 *     cpu@GID { device_type = "cpu"; compatible = "mips,mips32"; reg = &lt;GID&gt;; smpboot,cxy; smpboot,lid; } }
 *   memory@BASE { device_type = "memory"; reg = &lt;BASE_HI BASE_LO SIZE_HI SIZE_LO&gt;; }   one per RAM_SCL
 *   FUNC@BASE { compatible = "smpboot,TYPE"; reg; smpboot,type = &lt;func &lt;&lt; 16 | impl&gt;; smpboot,channels;
 *     smpboot,args = &lt;arg0 arg1 arg2 arg3&gt;;
 *     smpboot,irq-sources = &lt;port type channel is_rx&gt;...; }   the last only for XCU and PIC, valid inputs only
 * }
 * </pre>
 * BASE and GID are lower-case hexadecimal without leading zeros, as unit addresses are.
 */
public final class PlatformDtb
{
    private PlatformDtb()
    {
    }

    /**
     * @param p the platform's arch_info.
     * @return the blob.
     */
    public static byte[] export(final ArchInfo p)
    {
        final FdtWriter w = new FdtWriter().beginNode("")
            .prop("#address-cells", 2).prop("#size-cells", 2)
            .prop("compatible", "smpboot,tsar-sim").prop("model", p.name())
            .prop("smpboot,mesh", p.xSize(), p.ySize(), p.xWidth(), p.yWidth(), p.pWidth())
            .prop("smpboot,io-cxy", p.ioCxy()).prop("smpboot,boot-cxy", p.bootCxy());
        w.beginNode("cpus").prop("#address-cells", 1).prop("#size-cells", 0);
        for (final Core c : p.cores())
        {
            w.beginNode("cpu@" + Integer.toHexString(c.gid())).prop("device_type", "cpu")
                .prop("compatible", "mips,mips32").prop("reg", c.gid()).prop("smpboot,cxy", c.cxy())
                .prop("smpboot,lid", c.lid()).endNode();
        }
        w.endNode();
        int bootGid = 0;
        for (final Cluster cl : p.clusters())
        {
            if (cl.cxy() == p.bootCxy() && cl.cores() > 0)
            {
                bootGid = p.cores().get(cl.coreOffset()).gid();
            }
            for (int k = 0; k < cl.devices(); k++)
            {
                device(w, p, p.devices().get(cl.deviceOffset() + k));
            }
        }
        return w.endNode().finish(bootGid);
    }

    private static void device(final FdtWriter w, final ArchInfo p, final Device d)
    {
        final int[] reg = {(int)(d.base() >>> 32), (int)d.base(), (int)(d.size() >>> 32), (int)d.size()};
        final String unit = "@" + Long.toHexString(d.base());
        if (d.type() == DevType.RAM_SCL)
        {
            w.beginNode("memory" + unit).prop("device_type", "memory").prop("reg", reg).endNode();
            return;
        }
        w.beginNode(d.type().functionName() + unit)
            .prop("compatible", "smpboot," + d.type().name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .prop("reg", reg).prop("smpboot,type", d.type().code()).prop("smpboot,channels", d.channels())
            .prop("smpboot,args", d.arg0(), d.arg1(), d.arg2(), d.arg3());
        int valid = 0;
        for (int port = 0; port < d.irqs(); port++)
        {
            valid += p.irqs().get(d.irqOffset() + port).valid() ? 1 : 0;
        }
        if (valid > 0)
        {
            final int[] cells = new int[4 * valid];
            int i = 0;
            for (int port = 0; port < d.irqs(); port++)
            {
                final Irq irq = p.irqs().get(d.irqOffset() + port);
                if (irq.valid())
                {
                    cells[i++] = port;
                    cells[i++] = irq.source().code();
                    cells[i++] = irq.channel();
                    cells[i++] = irq.rx() ? 1 : 0;
                }
            }
            w.prop("smpboot,irq-sources", cells);
        }
        w.endNode();
    }
}
