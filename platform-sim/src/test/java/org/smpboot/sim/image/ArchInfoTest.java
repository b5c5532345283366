package org.smpboot.sim.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

class ArchInfoTest
{
    private static final Platform DEFAULT = PlatformBuilder.build(PlatformSpec.defaults());

    // offsets of the default platform's sections: 4 clusters, 16 cores
    private static final int CLUSTERS = ArchInfoFormat.HEADER_SIZE;
    private static final int CORES = CLUSTERS + 4 * ArchInfoFormat.CLUSTER_SIZE;
    private static final int DEVICES = CORES + 16 * ArchInfoFormat.CORE_SIZE;

    static PlatformSpec big()
    {
        final List<int[]> topRow = new ArrayList<>();
        for (int x = 0; x < 16; x++)
        {
            topRow.add(new int[] {x, 15});
        }
        return new PlatformSpec(16, 16, 4, 8, DeviceType.IOC_HBA, 256, 2, 15, 15, 4, 4, 2, topRow);
    }

    private static void roundTrip(final Platform p)
    {
        final byte[] bytes = ArchInfoWriter.write(p);
        final ArchInfo back = assertDoesNotThrow(bytes);
        assertEquals(ArchInfo.of(p), back);
        assertArrayEquals(bytes, ArchInfoWriter.write(back));
    }

    private static ArchInfo assertDoesNotThrow(final byte[] bytes)
    {
        try
        {
            return ArchInfoReader.read("arch_info.bin", bytes);
        }
        catch (final ImageFormatException e)
        {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void defaultLetiAndSixteenBySixteenRoundTrip()
    {
        roundTrip(DEFAULT);
        final Platform leti = PlatformBuilder.build(PlatformSpec.leti());
        roundTrip(leti);
        final Platform big = PlatformBuilder.build(big());
        roundTrip(big);
        assertEquals(256, big.clusters().size());
        assertEquals(15 * 16 * 4, big.cores().size());
    }

    @Test
    void letiTopRowHasNoCoresNoRamAndHoldsTheIo()
    {
        final Platform leti = PlatformBuilder.build(PlatformSpec.leti());
        assertEquals(6, leti.clusters().size());
        assertEquals(16, leti.cores().size());
        assertEquals(0x12, leti.ioCxy());
        // cluster (0,2): nothing; cluster (1,2): the I/O devices only, PIC last
        assertEquals(0, leti.clusters().get(2).cores());
        assertEquals(0, leti.clusters().get(2).devices());
        assertEquals(0, leti.clusters().get(5).cores());
        assertEquals(5, leti.clusters().get(5).devices());
        assertEquals(DeviceType.PIC_TSR, leti.devices().get(leti.devices().size() - 1).type());
        assertEquals(0x12_F900_0000L, leti.devices().get(leti.devices().size() - 1).base());
    }

    @Test
    void headerAndEntriesSitAtTheDocumentedOffsets()
    {
        final ByteBuffer b = ByteBuffer.wrap(ArchInfoWriter.write(DEFAULT)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xBABE2016, b.getInt(0));
        assertEquals(b.capacity(), b.getInt(0x0C));
        assertEquals(2, b.getInt(0x10));
        assertEquals(4, b.getInt(0x30));
        assertEquals(16, b.getInt(0x34));
        assertEquals('s', b.get(0x50));
        assertEquals(0x01, b.getInt(CLUSTERS + ArchInfoFormat.CLUSTER_SIZE)); // cluster[1] = (0,1)
        assertEquals(0x10, b.getInt(CLUSTERS + 2 * ArchInfoFormat.CLUSTER_SIZE)); // cluster[2] = (1,0)
        assertEquals(0x05, b.getInt(CORES + 5 * ArchInfoFormat.CORE_SIZE)); // core[5]: gid (0x01 << 2) | 1
        assertEquals(DeviceType.ICU_XCU.code(), b.getInt(DEVICES + ArchInfoFormat.DEVICE_SIZE + 16));
        assertEquals(0xA0000, DeviceType.ICU_XCU.code());
    }

    private static void rejects(final String message, final Consumer<ByteBuffer> mutation)
    {
        final byte[] bytes = ArchInfoWriter.write(DEFAULT);
        mutation.accept(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        rejects(message, bytes);
    }

    private static void rejects(final String message, final byte[] bytes)
    {
        final ImageFormatException e = assertThrows(ImageFormatException.class,
            () -> ArchInfoReader.read("arch_info.bin", bytes));
        assertEquals(message, e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void truncatedFilesNameTheFirstMissingField()
    {
        final byte[] full = ArchInfoWriter.write(DEFAULT);
        final int n = full.length;
        rejects("arch_info.bin: header.signature at offset 0x0: truncated: the file ends at 0x2", Arrays.copyOf(full, 2));
        rejects("arch_info.bin: header.total_clusters at offset 0x30: truncated: the file ends at 0x30",
            Arrays.copyOf(full, 0x30));
        rejects("arch_info.bin: header.name at offset 0x50: truncated: the file ends at 0x64", Arrays.copyOf(full, 100));
        rejects(String.format("arch_info.bin: core[5].gid at offset 0x%x: truncated: the file ends at 0x%x",
            CORES + 60, CORES + 62), Arrays.copyOf(full, CORES + 62));
        final int lastIrq = DEFAULT.irqs().size() - 1;
        rejects(String.format("arch_info.bin: irq[%d].is_rx at offset 0x%x: truncated: the file ends at 0x%x",
            lastIrq, n - 3, n - 3), Arrays.copyOf(full, n - 3));
        rejects("arch_info.bin: header.total_size at offset 0xc: the file has " + (n + 4) + " bytes, total_size says " +
            n, Arrays.copyOf(full, n + 4));
    }

    @Test
    void badSignatureAndVersion()
    {
        rejects("arch_info.bin: header.signature at offset 0x0: bad signature 0x7f454c46, expected 0xbabe2016",
            b -> b.putInt(0, 0x7f454c46));
        rejects("arch_info.bin: header.version at offset 0x4: 2 is not in 1..1", b -> b.putInt(4, 2));
        rejects("arch_info.bin: header.p_width at offset 0x24: 5 is not in 0..4", b -> b.putInt(0x24, 5));
        rejects("arch_info.bin: header.x_size at offset 0x10: 17 is not in 1..16", b -> b.putInt(0x10, 17));
    }

    @Test
    void countsThatDisagreeWithSizes()
    {
        final int n = ArchInfoWriter.write(DEFAULT).length;
        rejects("arch_info.bin: header.total_clusters at offset 0x30: 5 disagrees with x_size * y_size = 4",
            b -> b.putInt(0x30, 5));
        rejects("arch_info.bin: header.total_size at offset 0xc: " + (n + 12) +
            " disagrees with the size the counts need = " + n, b -> b.putInt(0x0C, n + 12));
        rejects("arch_info.bin: header.total_size at offset 0xc: " + n + " disagrees with the size the counts need = " +
            (n - 12), b -> b.putInt(0x34, 15));
        rejects("arch_info.bin: header.total_cores at offset 0x34: 17 is not in 0..16", b -> b.putInt(0x34, 17));
        rejects(String.format("arch_info.bin: cluster[2].core_offset at offset 0x%x: 9 disagrees with the cores of " +
            "the clusters before = 8", CLUSTERS + 2 * 20 + 8), b -> b.putInt(CLUSTERS + 2 * 20 + 8, 9));
        rejects(String.format("arch_info.bin: cluster[1].cores at offset 0x%x: 5 cores, p_width allows 4",
            CLUSTERS + 20 + 4), b -> b.putInt(CLUSTERS + 20 + 4, 5));
        // moving a core from cluster 1 to cluster 0: offsets follow, the header's cores_max does not
        rejects("arch_info.bin: header.cores_max at offset 0x28: 4 disagrees with the most cores of a cluster = 5",
            b -> b.putInt(0x24, 3).putInt(CLUSTERS + 4, 5).putInt(CLUSTERS + 20 + 4, 3).putInt(CLUSTERS + 20 + 8, 5));
        rejects(String.format("arch_info.bin: device[1].irq_offset at offset 0x%x: 3 disagrees with the irqs of the " +
            "devices before = 0", DEVICES + 48 + 44), b -> b.putInt(DEVICES + 48 + 44, 3));
    }

    @Test
    void cxyOutsideTheMeshOrMisplaced()
    {
        rejects(String.format("arch_info.bin: cluster[3].cxy at offset 0x%x: cxy 0x12 = (1,2) is outside the 2x2 mesh",
            CLUSTERS + 60), b -> b.putInt(CLUSTERS + 60, 0x12));
        rejects(String.format("arch_info.bin: cluster[3].cxy at offset 0x%x: cxy 0x10 out of order, entry 3 is (1,1) " +
            "= 0x11", CLUSTERS + 60), b -> b.putInt(CLUSTERS + 60, 0x10));
        rejects(String.format("arch_info.bin: core[5].cxy at offset 0x%x: cxy 0x20 = (2,0) is outside the 2x2 mesh",
            CORES + 64), b -> b.putInt(CORES + 64, 0x20));
        rejects(String.format("arch_info.bin: core[5].cxy at offset 0x%x: cxy 0x10, but the entry belongs to cluster " +
            "0x01", CORES + 64), b -> b.putInt(CORES + 64, 0x10));
        rejects("arch_info.bin: header.io_cxy at offset 0x40: cxy 0x03 = (0,3) is outside the 2x2 mesh",
            b -> b.putInt(0x40, 0x03));
        rejects(String.format("arch_info.bin: device[11].base at offset 0x%x: base 0x00f0000000 is not in cluster 0x01",
            DEVICES + 11 * 48), b -> b.putLong(DEVICES + 11 * 48, 0xF000_0000L));
    }

    @Test
    void duplicateAndInconsistentGids()
    {
        rejects(String.format("arch_info.bin: core[5].gid at offset 0x%x: duplicate gid 0x0002 (also core[2])",
            CORES + 60), b -> b.putInt(CORES + 60, 2));
        rejects(String.format("arch_info.bin: core[5].gid at offset 0x%x: gid 0x0045 is not cxy << p_width | lid = " +
            "0x0005", CORES + 60), b -> b.putInt(CORES + 60, 0x45));
        rejects(String.format("arch_info.bin: core[5].lid at offset 0x%x: 2, expected 1 (cores of a cluster are " +
            "listed by lid)", CORES + 68), b -> b.putInt(CORES + 68, 2));
    }

    @Test
    void unknownDeviceTypesAndBadIrqEntries()
    {
        rejects(String.format("arch_info.bin: device[1].type at offset 0x%x: unknown device type 0x000c0000 " +
            "(func 12, impl 0)", DEVICES + 48 + 16), b -> b.putInt(DEVICES + 48 + 16, 0xC0000));
        final int irqs = DEVICES + DEFAULT.devices().size() * 48;
        rejects(String.format("arch_info.bin: irq[8].dev_type at offset 0x%x: unknown device type 0x00040009 " +
            "(func 4, impl 9)", irqs + 64), b -> b.putInt(irqs + 64, 0x40009));
        rejects(String.format("arch_info.bin: irq[0].valid at offset 0x%x: 2 is not 0 or 1", irqs + 6),
            b -> b.put(irqs + 6, (byte)2));
    }

    @Test
    void specLimitsAreOneLineErrors()
    {
        final PlatformSpec d = PlatformSpec.defaults();
        final String[][] cases = {
            {"cores must be in 1..4, got 5", "cores"},
            {"x_size must be in 1..16, got 17", "x"},
            {"io cluster (2,0) is outside the 2x2 mesh", "io"},
        };
        final PlatformSpec[] specs = {
            new PlatformSpec(2, 2, 5, 3, DeviceType.IOC_BDV, 128, 1, 0, 0, 4, 4, 2, List.of()),
            new PlatformSpec(17, 2, 4, 3, DeviceType.IOC_BDV, 128, 1, 0, 0, 4, 4, 2, List.of()),
            new PlatformSpec(2, 2, 4, 3, DeviceType.IOC_BDV, 128, 1, 2, 0, 4, 4, 2, List.of()),
        };
        for (int i = 0; i < specs.length; i++)
        {
            final PlatformSpec s = specs[i];
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlatformBuilder.build(s));
            assertEquals(cases[i][0], e.getMessage());
        }
        // 16 cores per cluster is allowed with p_width 4
        assertEquals(64, PlatformBuilder.build(new PlatformSpec(2, 2, 16, 3, DeviceType.IOC_SDC, 0, 0, 1, 1, 4, 4, 4,
            List.of())).cores().size());
        assertTrue(d.hasCores(0, 0));
    }
}
