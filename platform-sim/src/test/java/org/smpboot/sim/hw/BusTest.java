package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

class BusTest
{
    private Machine m;
    private Bus bus;
    private Processor c00;
    private Processor c11;

    @BeforeEach
    void boot()
    {
        m = new Machine(PlatformBuilder.build(PlatformSpec.leti()), MachineConfig.defaults().withConsole(null)
            .withFill(Fill.ZERO));
        bus = m.bus();
        c00 = m.processor(0x00, 0);
        c11 = m.processor(0x11, 3);
    }

    @AfterEach
    void close()
    {
        m.close();
    }

    @Test
    void loadsStoresAndAtomicsReachTheBankOfTheAddressCluster()
    {
        final long a = PhysicalAddress.of(0x11, 0x20_0000);
        bus.write64(c00, a, 0x1122334455667788L);
        assertEquals(0x55667788, bus.read32(c11, a));
        assertEquals(0x11223344, bus.read32(c11, a + 4));
        assertEquals(0x1122334455667788L, bus.read64(c00, a));
        assertTrue(bus.cas32(c11, a, 0x55667788, 7));
        assertFalse(bus.cas64(c11, a, 0, 1));
        assertEquals(7, bus.getAndAdd32(c00, a, 3));
        assertEquals(0x112233440000000aL, bus.getAndAdd64(c00, a, 1L << 32));
        assertEquals(0x112233450000000aL, m.banks().stream().filter(b -> b.cxy() == 0x11).findFirst().orElseThrow()
            .window(0x20_0000, 8).getLong(0));
        // the same local address in cluster 0 is another word
        assertEquals(0, bus.read64(c00, PhysicalAddress.of(0, 0x20_0000)));
    }

    @Test
    void accessesAreCountedPerRequestingClusterTargetBankAndKind()
    {
        final AccessMatrix before = m.accesses();
        final long a = PhysicalAddress.of(0x01, 0x1000);
        bus.write32(c00, a, 1);
        bus.read32(c11, a);
        bus.read32(c11, a);
        bus.cas32(c11, a, 1, 2);
        bus.write(c00, PhysicalAddress.of(0x10, 0), new byte[10], 0, 10);
        final AccessMatrix d = m.accesses().minus(before);
        assertEquals(1, d.get(0x00, 0x01, AccessKind.WRITE));
        assertEquals(2, d.get(0x11, 0x01, AccessKind.READ));
        assertEquals(1, d.get(0x11, 0x01, AccessKind.ATOMIC));
        assertEquals(1, d.get(0x00, 0x10, AccessKind.WRITE), "10 bytes are one burst request");
        assertEquals(3, m.words(-1).get(0x00, 0x10, AccessKind.WRITE), "of 3 words");
        assertEquals(4, d.toBank(0x01));
        assertEquals(5, d.total());
    }

    @Test
    void accessesAreCountedInTheEpochTheirInitiatorIsIn()
    {
        final long a = PhysicalAddress.of(0x00, 0x1000);
        bus.read32(c11, a);
        c11.counts().epoch(3);
        bus.read32(c11, a);
        bus.read32(c11, a);
        bus.read32(c00, PhysicalAddress.of(0x12, 0xF400_0004)); // TTY STATUS: a register, not the bank
        assertEquals(2, m.accesses(3).get(0x11, 0x00, AccessKind.READ));
        assertEquals(1, m.accesses(0).get(0x11, 0x00, AccessKind.READ));
        assertEquals(3, m.accesses().get(0x11, 0x00, AccessKind.READ));
        assertEquals(1, m.accesses(0).get(0x00, 0x12, AccessKind.DEVICE));
        assertEquals(0, m.accesses().toBank(0x12) - m.accesses().get(0x00, 0x12, AccessKind.DEVICE));
        assertThrows(IllegalArgumentException.class, () -> c11.counts().epoch(AccessCounts.EPOCHS));
    }

    @Test
    void anEpochsFourMatricesInOneWalkAreTheFourOneAtATime()
    {
        final long a = PhysicalAddress.of(0x00, 0x1000);
        bus.read32(c11, a);
        bus.write(c00, PhysicalAddress.of(0x10, 0), new byte[40], 0, 40);
        c11.counts().epoch(3);
        bus.cas32(c11, a, 0, 1);
        bus.read32(c11, a);
        for (final int e : new int[] {0, 3, 5})
        {
            final Machine.EpochMatrices all = m.matrices(e);
            assertSameCounts(m.accesses(e), all.accesses(), e + ": accesses");
            assertSameCounts(m.cycles(e), all.cycles(), e + ": cycles");
            assertSameCounts(m.waits(e), all.waits(), e + ": waits");
            assertSameCounts(m.words(e), all.words(), e + ": words");
        }
        assertEquals(2, m.matrices(3).accesses().total());
        assertEquals(10, m.matrices(0).words().get(0x00, 0x10, AccessKind.WRITE), "40 bytes, 10 words");
        assertTrue(m.matrices(3).cycles().total() > 0, "the cost model charged them");
    }

    private static void assertSameCounts(final AccessMatrix expected, final AccessMatrix actual, final String what)
    {
        for (int from = 0; from < PhysicalAddress.CXY_SPACE; from++)
        {
            for (int to = 0; to < PhysicalAddress.CXY_SPACE; to++)
            {
                for (final AccessKind k : AccessKind.values())
                {
                    if (expected.get(from, to, k) != actual.get(from, to, k))
                    {
                        assertEquals(expected.get(from, to, k), actual.get(from, to, k), what + " from " + from +
                            " to " + to + " " + k);
                    }
                }
            }
        }
    }

    @Test
    void busErrorsNameTheCoreTheAddressAndThePhase()
    {
        c11.phase("phase 3: copy arch_info");
        final BusError nothing = assertThrows(BusError.class, () -> bus.read32(c11, PhysicalAddress.of(0x02, 0x40)));
        assertEquals("bus error: core[0x11,3] gid 0x047 read32 at 0x0200000040 in phase 'phase 3: copy arch_info': " +
            "cluster 0x02 has no RAM and no device", nothing.getMessage());
        assertEquals(PhysicalAddress.of(0x02, 0x40), nothing.address());
        assertTrue(assertThrows(BusError.class, () -> bus.write32(c11, PhysicalAddress.of(0x11, 0x8000_0000), 1))
            .getMessage().endsWith("no RAM or device register there"));
        assertTrue(assertThrows(BusError.class, () -> bus.read64(c11, PhysicalAddress.of(0x11, 0x4)))
            .getMessage().contains("misaligned (needs 8-byte alignment)"));
        assertTrue(assertThrows(BusError.class, () -> bus.read32(c11, 1L << 40))
            .getMessage().contains("beyond the 40-bit physical space"));
        assertTrue(assertThrows(BusError.class, () -> bus.cas32(c11, PhysicalAddress.of(0x11, 0xF000_0000), 0, 1))
            .getMessage().contains("atomic access to a register of"));
        assertTrue(assertThrows(BusError.class,
            () -> bus.write(c00, PhysicalAddress.of(0x11, 0x3FF_FFF8), new byte[16], 0, 16))
            .getMessage().contains("range leaves the RAM of cluster 0x11 (67108864 bytes)"));
    }

    @Test
    void copiesMoveBytesBetweenClusters()
    {
        final byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++)
        {
            data[i] = (byte)(i * 31);
        }
        bus.write(c00, PhysicalAddress.of(0, 0x40_0000), data, 0, data.length);
        bus.copy(c11, PhysicalAddress.of(0, 0x40_0000), PhysicalAddress.of(0x11, 0x40_0000), data.length);
        final byte[] back = new byte[data.length];
        bus.read(c00, PhysicalAddress.of(0x11, 0x40_0000), back, 0, back.length);
        assertTrue(java.util.Arrays.equals(data, back));
        bus.set(c00, PhysicalAddress.of(0x11, 0x40_0000), 8, (byte)0xa5);
        assertEquals(0xa5a5a5a5a5a5a5a5L, bus.read64(c00, PhysicalAddress.of(0x11, 0x40_0000)));
    }

    @Test
    void anUnmodelledDeviceClaimsItsRangeAndSaysSo()
    {
        // the NIC of the I/O cluster (1,2) is described by arch_info but not modelled
        final BusError e = assertThrows(BusError.class, () -> bus.read32(c00, PhysicalAddress.of(0x12, 0xF700_0000)));
        assertTrue(e.getMessage().endsWith("nic[0x12] is not modelled by the simulator"), e.getMessage());
    }
}
