package org.smpboot.runtime.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;

/** The boot block's words, one by one, at the offsets its javadoc gives, on memory of any content. */
class BootBlockTest
{
    private static final int AT = 256;

    private static BootBlock block(final Fill fill)
    {
        final AtomicBuffer b = SharedRegion.allocate(AT + BootBlock.LENGTH).fill(fill).buffer();
        return new BootBlock().wrap(b, AT);
    }

    @Test
    void theLayoutIsTheDocumentedTable()
    {
        assertEquals(12 * 128, BootBlock.LENGTH);
        assertEquals(0, BootBlock.ASM_MAGIC_VAL);
        assertEquals(128, BootBlock.START_BAR);
        assertEquals(256, BootBlock.CPU_COUNT);
        assertEquals(384, BootBlock.BS_CPUID);
        assertEquals(392, BootBlock.BOOT_CHECK);
        assertEquals(512, BootBlock.RUNNING_COUNT);
        assertEquals(640, BootBlock.LEADER);
        assertEquals(648, BootBlock.HEARTBEAT);
        assertEquals(768, BootBlock.LATE_COUNT);
        assertEquals(896, BootBlock.ALLOCATOR);
        assertEquals(1024, BootBlock.ARCH_INIT_STACK_POOL);
        assertEquals(1280, BootBlock.START_STACK_POOL);
        assertEquals(Long.MIN_VALUE, BootBlock.SEALED);
        assertEquals(1L << 62, BootBlock.ABANDONED);
    }

    @Test
    void publishWritesTheSeedsWordsThenMagic2AndNothingElse()
    {
        final BootBlock b = block(Fill.X5A);
        final AtomicBuffer m = b.buffer();
        assertEquals(AT, b.offset());
        b.publish(7);
        assertEquals(Magic.MAGIC2, m.getLong(AT));
        assertEquals(0, m.getLong(AT + 128), "start_bar");
        assertEquals(1, m.getLong(AT + 256), "cpu_count");
        assertEquals(7, m.getLong(AT + 384), "bs_cpuid");
        assertEquals(BootBlock.bootCheck(7), m.getLong(AT + 392), "boot_check");
        assertEquals(0, m.getLong(AT + 512), "running_count");
        assertEquals(0, m.getLong(AT + 768), "late_count");
        assertEquals(0x5a5a5a5a5a5a5a5aL, m.getLong(AT + 640), "the heartbeat slot is the leader's own business");
        assertEquals(0x5a5a5a5a5a5a5a5aL, m.getLong(AT - 8), "nothing before the block");
        assertEquals(0x5a5a5a5a5a5a5a5aL, m.getLong(AT + 136), "nothing between the words");
        assertTrue(b.isPublished());
        assertEquals(Magic.MAGIC2, b.asmMagicVal());
        assertEquals(7, b.bsCpuid());
        assertEquals(0, b.startBar());
        assertEquals(1, b.cpuCount());
        assertEquals(0, b.runningCount());
        assertEquals(0, b.lateCount());
    }

    @Test
    void theBootCheckIsPinnedAndNoFillPassesForAPublishedBlock()
    {
        long z = 3 ^ Magic.MAGIC2 ^ 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        assertEquals(z ^ (z >>> 33), BootBlock.bootCheck(3), "the word another process's boot wrote must match");
        for (final Fill f : new Fill[] {Fill.ZERO, Fill.X5A, Fill.XA5, Magic.FILL_MAGIC1, Magic.FILL_MAGIC2,
            Fill.random(1)})
        {
            assertFalse(block(f).isPublished(), f.toString());
        }
        final BootBlock b = block(Fill.ZERO);
        b.publish(3);
        b.buffer().putLong(AT + BootBlock.BS_CPUID, 4);
        assertFalse(b.isPublished(), "bs_cpuid changed under the check");
    }

    @Test
    void exactlyTheFirstCasWinsAndMagicWordsAreNeverReplaced()
    {
        final BootBlock b = block(Fill.XA5);
        assertEquals(0xa5a5a5a5a5a5a5a5L, b.tryLead(), "the winner gets the reset content");
        assertEquals(Magic.MAGIC1, b.asmMagicVal());
        assertEquals(BootBlock.LOST, b.tryLead());
        assertEquals(Magic.MAGIC1, BootBlock.LOST);
        assertFalse(b.elect(0xa5a5a5a5a5a5a5a5L), "a stale value loses");
        b.publish(0);
        assertEquals(BootBlock.LOST, b.tryLead(), "MAGIC2 is never replaced");
        assertEquals(Magic.MAGIC2, b.asmMagicVal());
        final BootBlock m1 = block(Magic.FILL_MAGIC1);
        assertEquals(BootBlock.LOST, m1.tryLead(), "MAGIC1 at reset: nobody wins");
        final BootBlock z = block(Fill.ZERO);
        assertEquals(0, z.tryLead(), "zero is a value like any other");
        assertEquals(Magic.MAGIC1, z.asmMagicVal());
    }

    @Test
    void countingStopsAtTheSealAndTheSealIsExact()
    {
        final BootBlock b = block(Fill.X5A);
        b.publish(0);
        assertEquals(2, b.countMe());
        assertEquals(3, b.countMe());
        assertFalse(b.seal(2), "a CPU counted itself since the leader looked");
        assertFalse(b.isSealed());
        assertTrue(b.seal(3));
        assertTrue(b.isSealed());
        assertEquals(3, b.cpuCount(), "the seal bit is not part of the count");
        assertEquals(3 | BootBlock.SEALED, b.cpuCountWord());
        assertEquals(3 | BootBlock.SEALED, b.buffer().getLong(AT + BootBlock.CPU_COUNT));
        assertEquals(-1, b.countMe(), "LATE");
        assertEquals(3, b.cpuCount(), "a LATE CPU changes nothing");
        b.incrementLate();
        b.incrementLate();
        assertEquals(2, b.lateCount());
        assertEquals(2, b.buffer().getLong(AT + BootBlock.LATE_COUNT));
    }

    @Test
    void runningCountAndStartBarAreTheirWords()
    {
        final BootBlock b = block(Fill.X5A);
        b.publish(1);
        b.initRunningCount();
        assertEquals(1, b.runningCount());
        b.incrementRunning();
        b.incrementRunning();
        assertEquals(3, b.runningCount());
        assertEquals(3, b.buffer().getLong(AT + BootBlock.RUNNING_COUNT));
        b.cpuStartOther();
        assertEquals(1, b.startBar());
        assertEquals(1, b.buffer().getLong(AT + BootBlock.START_BAR));
        assertSame(b.allocator(), b.allocator());
        b.allocator().initialize(AT + BootBlock.LENGTH, AT + BootBlock.LENGTH);
        assertEquals(AT + BootBlock.LENGTH, b.buffer().getLong(AT + BootBlock.ALLOCATOR), "the allocator's next");
    }

    @Test
    void theHeartbeatCarriesTheLeaderAndTheAbandonedBit()
    {
        final BootBlock b = block(Fill.ZERO);
        b.heartbeat(5, 1_700_000_000_000L);
        assertEquals(5, b.heartbeatLeader());
        assertEquals(5, b.buffer().getLong(AT + BootBlock.LEADER));
        assertEquals(1_700_000_000_000L, b.heartbeatMs());
        assertEquals(1_700_000_000_000L, b.buffer().getLong(AT + BootBlock.HEARTBEAT));
        assertFalse(BootBlock.abandoned(b.heartbeatMs()));
        assertEquals(1_700_000_000_000L, BootBlock.millis(b.heartbeatMs()));
        b.abandon(6, 1_700_000_000_123L);
        assertEquals(6, b.heartbeatLeader());
        assertEquals(BootBlock.ABANDONED | 1_700_000_000_123L, b.heartbeatMs());
        assertTrue(BootBlock.abandoned(b.heartbeatMs()));
        assertEquals(1_700_000_000_123L, BootBlock.millis(b.heartbeatMs()));
        b.abandon(6, -1L);
        assertEquals(BootBlock.ABANDONED - 1 | BootBlock.ABANDONED, b.heartbeatMs(), "only the time's low bits kept");
        assertFalse(BootBlock.abandoned(-1L), "both top bits set: garbage, not a give-up");
        assertEquals(-1L, BootBlock.millis(-1L));
        assertFalse(BootBlock.abandoned(0));
    }

    @Test
    void toStringShowsEveryWordAndTheSeal()
    {
        final BootBlock b = block(Fill.ZERO);
        assertEquals("boot block @256: asm_magic_val=0x0000000000000000 start_bar=0 cpu_count=0 bs_cpuid=0 " +
            "running_count=0 late_count=0", b.toString());
        b.publish(2);
        b.countMe();
        b.seal(2);
        b.initRunningCount();
        b.cpuStartOther();
        assertEquals("boot block @256: asm_magic_val=MAGIC2 start_bar=1 cpu_count=2 (sealed) bs_cpuid=2 " +
            "running_count=1 late_count=0", b.toString());
    }

    @Test
    void aMisplacedBlockIsRefused()
    {
        final AtomicBuffer m = SharedRegion.allocate(BootBlock.LENGTH + 128).buffer();
        new BootBlock().wrap(m, 128);
        assertThrows(IllegalArgumentException.class, () -> new BootBlock().wrap(m, 64));
        assertThrows(IllegalArgumentException.class, () -> new BootBlock().wrap(m, 256));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new BootBlock().wrap(m, 256));
        assertTrue(e.getMessage().startsWith("boot block: "), e.getMessage());
    }

    @Test
    void theMagicWordsAreTheirAsciiAndAreShownByName()
    {
        assertEquals(0x534d50424f4f5431L, Magic.MAGIC1, "\"SMPBOOT1\"");
        assertEquals(0x534d50424f4f5432L, Magic.MAGIC2, "\"SMPBOOT2\"");
        assertEquals("MAGIC1", Magic.describe(Magic.MAGIC1));
        assertEquals("MAGIC2", Magic.describe(Magic.MAGIC2));
        assertEquals("0x0000000000000005", Magic.describe(5));
        assertEquals("0xffffffffffffffff", Magic.describe(-1));
        assertSame(Magic.FILL_MAGIC1, Magic.parseFill(" Magic1 ", 0));
        assertSame(Magic.FILL_MAGIC2, Magic.parseFill("MAGIC2", 0));
        assertSame(Fill.X5A, Magic.parseFill("5a", 0), "the others are the region's fills");
        final BootBlock b = block(Magic.FILL_MAGIC2);
        assertEquals(Magic.MAGIC2, b.asmMagicVal());
        assertEquals(Magic.MAGIC2, b.buffer().getLong(AT + BootBlock.LENGTH - 8), "the fill covers the block");
    }
}
