package org.smpboot.sim.image;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.sim.image.ArchInfo.Core;
import org.smpboot.sim.image.ArchInfo.Irq;

/**
 * {@code boot_info_t}: the fixed-size description of the platform and of one cluster that the boot-loader builds in
 * every cluster, as the first object of kdata, and that {@code kernel_init(boot_info)} reads (seed 003 part A and D1;
 * reference almos-mkh.md section 5). A flyweight over simulated memory: the boot-loader writes it through
 * {@link BootInfoWriter}, the kernel reads it with these accessors, so that a memory dump shows exactly what the
 * kernel sees.
 *
 * <p>Layout, {@link #LENGTH} = 5296 bytes, all fields unsigned little-endian 32-bit unless noted:
 * <pre>
 *   0  signature ({@link #SIGNATURE})     4  paddr_width      8  x_width        12 y_width
 *   16 x_size                            20 y_size           24 io_cxy         28 cxy (this cluster)
 *   32 cores_nr                          36 ext_dev_nr       40 int_dev_nr     44 rsvd_nr
 *   48 pages_offset (first free page)    52 pages_nr (RAM pages of this cluster)
 *   56 kcode_base  60 kcode_size  64 kdata_base  68 kdata_size (local physical addresses of the kernel segments)
 *   72 clusters_with_cores (what global_barrier counts)   76 irqs_per_core (XCU outputs per core)
 *   80   cluster_info[16][16], one byte per (x, y) at 80 + x * 16 + y: bit 0 has cores, bit 1 has RAM
 *   336  core[16], 12 bytes each: gid, lid, cxy
 *   528  rsvd[4], 8 bytes each: first_page, npages (reserved zones other than the kernel)
 *   560  int_dev[8], ext_dev[8] at 2928: boot_device_t of 296 bytes each:
 *          0 base (u64)  8 type (func &lt;&lt; 16 | impl)  12 channels  16..28 param0..param3  32 irqs
 *          36 irq[32], 8 bytes each: dev_type, channel (u8), is_rx (u8), valid (u8), reserved (u8)
 * </pre>
 * {@code int_dev[0]} is the cluster's XCU (the boot-loader wakes local cores through it); internal devices are the
 * cluster's XCU, MMC and DMA; external devices are every other device of the platform (RAM excluded), shared by all.
 *
 * <p>Memory ordering: none is needed inside; the boot-loader publishes a boot_info by a barrier or an IPI, both of
 * which order the writes before the readers' reads.
 */
public final class BootInfo
{
    /** The signature word, the value ALMOS-MKH's {@code BOOT_INFO_SIGNATURE} is recalled to have. */
    public static final int SIGNATURE = 0x1234_4321;
    /** Clusters per dimension. */
    public static final int MAX_DIM = 16;
    /** Cores per cluster (TSAR has 4; the simulator allows 16). */
    public static final int MAX_LOCAL_CORES = 16;
    /** Internal devices per cluster. */
    public static final int MAX_INT_DEV = 8;
    /** External devices. */
    public static final int MAX_EXT_DEV = 8;
    /** Reserved zones. */
    public static final int MAX_RSVD = 4;
    /** Interrupt inputs described per device. */
    public static final int MAX_IRQS = 32;

    static final int SIGNATURE_OFFSET = 0;
    static final int PADDR_WIDTH = 4;
    static final int X_WIDTH = 8;
    static final int Y_WIDTH = 12;
    static final int X_SIZE = 16;
    static final int Y_SIZE = 20;
    static final int IO_CXY = 24;
    static final int CXY = 28;
    static final int CORES_NR = 32;
    static final int EXT_DEV_NR = 36;
    static final int INT_DEV_NR = 40;
    static final int RSVD_NR = 44;
    static final int PAGES_OFFSET = 48;
    static final int PAGES_NR = 52;
    static final int KCODE_BASE = 56;
    static final int KCODE_SIZE = 60;
    static final int KDATA_BASE = 64;
    static final int KDATA_SIZE = 68;
    static final int CLUSTERS_WITH_CORES = 72;
    static final int IRQS_PER_CORE = 76;
    static final int CLUSTER_INFO = 80;
    static final int CORE = CLUSTER_INFO + MAX_DIM * MAX_DIM;
    static final int CORE_SIZE = 12;
    static final int RSVD = CORE + MAX_LOCAL_CORES * CORE_SIZE;
    static final int RSVD_SIZE = 8;
    static final int INT_DEV = RSVD + MAX_RSVD * RSVD_SIZE;
    static final int DEV_SIZE = 296;
    static final int EXT_DEV = INT_DEV + MAX_INT_DEV * DEV_SIZE;
    static final int DEV_IRQ = 36;
    static final int IRQ_SIZE = 8;

    /** Bytes of a boot_info_t. */
    public static final int LENGTH = EXT_DEV + MAX_EXT_DEV * DEV_SIZE;

    /** cluster_info bit: the cluster has cores. */
    public static final int HAS_CORES = 1;
    /** cluster_info bit: the cluster has RAM. */
    public static final int HAS_RAM = 2;

    private AtomicBuffer buffer;
    private int offset;

    /**
     * @param buffer memory holding a boot_info.
     * @param offset where it starts.
     * @return this.
     */
    public BootInfo wrap(final AtomicBuffer buffer, final int offset)
    {
        if (offset < 0 || offset + LENGTH > buffer.capacity())
        {
            throw new IllegalArgumentException("boot_info needs " + LENGTH + " bytes at " + offset + ", buffer has " +
                buffer.capacity());
        }
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    private int u32(final int field)
    {
        return buffer.getInt(offset + field);
    }

    /** @return the signature word. */
    public int signature()
    {
        return u32(SIGNATURE_OFFSET);
    }

    /** @return physical address bits. */
    public int paddrWidth()
    {
        return u32(PADDR_WIDTH);
    }

    /** @return bits of x in cxy. */
    public int xWidth()
    {
        return u32(X_WIDTH);
    }

    /** @return bits of y in cxy. */
    public int yWidth()
    {
        return u32(Y_WIDTH);
    }

    /** @return clusters along x. */
    public int xSize()
    {
        return u32(X_SIZE);
    }

    /** @return clusters along y. */
    public int ySize()
    {
        return u32(Y_SIZE);
    }

    /** @return the I/O cluster. */
    public int ioCxy()
    {
        return u32(IO_CXY);
    }

    /** @return the cluster this boot_info describes. */
    public int cxy()
    {
        return u32(CXY);
    }

    /** @return cores in this cluster. */
    public int coresNr()
    {
        return u32(CORES_NR);
    }

    /** @return clusters holding cores: the global barrier's count (DESIGN.md 3.4). */
    public int clustersWithCores()
    {
        return u32(CLUSTERS_WITH_CORES);
    }

    /** @return XCU outputs per core: core lid's first output is {@code irqs_per_core * lid}. */
    public int irqsPerCore()
    {
        return u32(IRQS_PER_CORE);
    }

    /** @return the first page the kernel may allocate. */
    public int pagesOffset()
    {
        return u32(PAGES_OFFSET);
    }

    /** @return 4 KiB pages of RAM in this cluster. */
    public int pagesNr()
    {
        return u32(PAGES_NR);
    }

    /** @return local physical address of kcode. */
    public int kcodeBase()
    {
        return u32(KCODE_BASE);
    }

    /** @return bytes of kcode. */
    public int kcodeSize()
    {
        return u32(KCODE_SIZE);
    }

    /** @return local physical address of kdata (where this boot_info sits). */
    public int kdataBase()
    {
        return u32(KDATA_BASE);
    }

    /** @return bytes of kdata, bss included. */
    public int kdataSize()
    {
        return u32(KDATA_SIZE);
    }

    /**
     * @param x a column.
     * @param y a row.
     * @return {@link #HAS_CORES} and {@link #HAS_RAM} bits of that cluster.
     */
    public int clusterInfo(final int x, final int y)
    {
        return buffer.getByte(offset + CLUSTER_INFO + x * MAX_DIM + y) & 0xFF;
    }

    /**
     * @param i a core index, below {@link #coresNr()}.
     * @return its gid, lid and cxy.
     */
    public Core core(final int i)
    {
        final int at = offset + CORE + i * CORE_SIZE;
        return new Core(buffer.getInt(at), buffer.getInt(at + 8), buffer.getInt(at + 4));
    }

    /**
     * D1 of kernel_init: the associative search of a gid among this cluster's cores.
     *
     * @param gid a hardware id.
     * @return its core entry index, or -1 when this cluster has no such core.
     */
    public int findCore(final int gid)
    {
        // the count read once, as compiled code keeps it in a register: each read here is a simulated access
        final int n = coresNr();
        for (int i = 0; i < n; i++)
        {
            if (buffer.getInt(offset + CORE + i * CORE_SIZE) == gid)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return the clusters holding cores, in arch_info's x-then-y order: the participants of
     * {@code global_barrier} and the hosts of external chdevs.
     */
    public List<Integer> clustersWithCoresList()
    {
        // the mesh's shape read once (compiled code keeps it in registers), then one byte per cluster
        final int xs = xSize();
        final int ys = ySize();
        final int yw = yWidth();
        final List<Integer> list = new ArrayList<>();
        for (int x = 0; x < xs; x++)
        {
            for (int y = 0; y < ys; y++)
            {
                if ((clusterInfo(x, y) & HAS_CORES) != 0)
                {
                    list.add(x << yw | y);
                }
            }
        }
        return list;
    }

    /**
     * @param cxy a cluster with cores.
     * @return its rank among {@link #clustersWithCoresList()}: its participant number in global_barrier.
     * @throws IllegalArgumentException when it has no cores.
     */
    public int rank(final int cxy)
    {
        final int r = clustersWithCoresList().indexOf(cxy);
        if (r < 0)
        {
            throw new IllegalArgumentException(String.format("cluster 0x%02x holds no cores", cxy));
        }
        return r;
    }

    /** @return reserved zones as {first_page, npages} pairs. */
    public List<int[]> reserved()
    {
        final List<int[]> zones = new ArrayList<>();
        for (int i = 0; i < u32(RSVD_NR); i++)
        {
            final int at = offset + RSVD + i * RSVD_SIZE;
            zones.add(new int[] {buffer.getInt(at), buffer.getInt(at + 4)});
        }
        return zones;
    }

    /** @return the internal devices, the XCU first. */
    public List<BootDevice> internalDevices()
    {
        return devices(INT_DEV, u32(INT_DEV_NR));
    }

    /**
     * One internal device, reading its entry only (a core that wants the XCU's base does not decode the others).
     *
     * @param i its index, 0 for the XCU.
     * @return the device.
     * @throws IndexOutOfBoundsException when the cluster has fewer internal devices.
     */
    public BootDevice internalDevice(final int i)
    {
        final int n = u32(INT_DEV_NR);
        if (i < 0 || i >= n)
        {
            throw new IndexOutOfBoundsException("internal device " + i + " of " + n + " in boot_info");
        }
        return device(offset + INT_DEV + i * DEV_SIZE);
    }

    /** @return the external devices. */
    public List<BootDevice> externalDevices()
    {
        return devices(EXT_DEV, u32(EXT_DEV_NR));
    }

    private List<BootDevice> devices(final int first, final int n)
    {
        final List<BootDevice> list = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            list.add(device(offset + first + i * DEV_SIZE));
        }
        return list;
    }

    private BootDevice device(final int at)
    {
        // the irq count read once (compiled code keeps it in a register): each read here is a simulated access
        final int irqCount = buffer.getInt(at + 32);
        final List<Irq> irqs = new ArrayList<>();
        for (int k = 0; k < irqCount; k++)
        {
            final int e = at + DEV_IRQ + k * IRQ_SIZE;
            irqs.add(buffer.getByte(e + 6) == 0 ? Irq.NONE : new Irq(DevType.ofCode(buffer.getInt(e)),
                buffer.getByte(e + 4) & 0xFF, buffer.getByte(e + 5) != 0));
        }
        return new BootDevice(buffer.getLong(at), DevType.ofCode(buffer.getInt(at + 8)), buffer.getInt(at + 12),
            buffer.getInt(at + 16), buffer.getInt(at + 20), buffer.getInt(at + 24), buffer.getInt(at + 28), irqs);
    }
}
