package org.smpboot.runtime.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.runtime.wait.WaitTimeoutException;

/**
 * The pool's header and stack words at the offsets its javadoc gives, its LIFO order and tags, usage counts, the
 * messages of each misuse, and the liveness check of a draw's wait (on an injected clock: no wall time).
 */
class StackPoolLayoutTest
{
    private static final int AT = 256;

    private static AtomicBuffer garbage()
    {
        return SharedRegion.allocate(16 * 1024).fill(Fill.random(7)).buffer();
    }

    private static StackPool pool(final AtomicBuffer b, final boolean track)
    {
        return new StackPool("p", WaitPolicy.defaults()).wrap(b, AT).initialize(null, track);
    }

    @Test
    void initializeWritesAnEmptyHeaderOverGarbage()
    {
        final AtomicBuffer b = garbage();
        final StackPool p = pool(b, true);
        assertEquals(0xffffffffL, b.getLong(AT), "head: tag 0, top NIL");
        assertEquals(1, b.getInt(AT + 8), "flags: track usage");
        assertEquals(0, b.getInt(AT + 12), "stacks");
        assertEquals(0, b.getInt(AT + 128), "held");
        assertEquals(0, b.getInt(AT + 132), "high water");
        assertEquals(256, StackPool.LENGTH);
        assertEquals(0, p.stacks());
        assertEquals(0, p.freeStacks());
        assertNull(p.getStack(0));
        pool(b, false);
        assertEquals(0, b.getInt(AT + 8), "flags: no tracking");
        assertEquals("p @256", p.toString());
        assertEquals("p", p.name());
        assertEquals(AT, p.offset());
        assertSame(b, p.buffer());
    }

    @Test
    void newStackWritesItsWordsAndPushesLifoWithATagPerCas()
    {
        final AtomicBuffer b = garbage();
        final StackPool p = pool(b, true);
        p.newStack(1024, 128);
        assertEquals(128, b.getInt(1024 + 16), "size");
        assertEquals(StackPool.FREE, b.getLong(1024 + 8), "owner");
        assertEquals(-1, b.getLong(1024), "next: NIL");
        assertEquals((1L << 32) | 1024, b.getLong(AT), "head: tag 1, top 1024");
        p.newStack(2048, 64);
        assertEquals(1024, b.getLong(2048), "the second links to the first");
        assertEquals((2L << 32) | 2048, b.getLong(AT));
        assertEquals(2, p.stacks());
        assertEquals(2, b.getInt(AT + 12));
        assertEquals(2, p.freeStacks());
        final StackHandle s = p.getStack(9);
        assertEquals(2048, s.stackOffset(), "last in, first out");
        assertEquals(64 - StackPool.STACK_HEADER_LENGTH, s.size());
        assertEquals(2048 + 32, s.base());
        assertEquals(9, s.cpu());
        assertSame(p, s.pool());
        assertEquals(StackPool.HELD | 9, b.getLong(2048 + 8), "owner: HELD | cpu");
        assertEquals((3L << 32) | 1024, b.getLong(AT), "pop retags too");
        assertEquals("stack @0x800 (64 bytes) held by cpu 9", s.toString());
        p.release(s);
        assertEquals(StackPool.FREE, b.getLong(2048 + 8));
        assertEquals((4L << 32) | 2048, b.getLong(AT));
        assertFalse(s.isHeld());
        assertEquals(2048, p.getStack(1).stackOffset());
        assertEquals(1024, p.getStack(1).stackOffset());
        assertNull(p.getStack(1));
    }

    @Test
    void usageIsCountedOnlyWhenTrackedAndTheHighWaterOnlyRises()
    {
        final StackPool p = pool(garbage(), true);
        for (int i = 0; i < 3; i++)
        {
            p.newStack(1024 + i * 256, 256);
        }
        final StackHandle a = p.getStack(0);
        final StackHandle c = p.getStack(1);
        assertEquals(2, p.held());
        assertEquals(2, p.highWater());
        p.release(a);
        assertEquals(1, p.held());
        assertEquals(2, p.highWater(), "the mark stays");
        final StackHandle d = p.getStack(2);
        assertEquals(2, p.held());
        assertEquals(2, p.highWater());
        final StackHandle e = p.getStack(3);
        assertEquals(3, p.held());
        assertEquals(3, p.highWater());
        p.release(c);
        p.release(d);
        p.release(e);
        assertEquals(0, p.held());
        assertEquals(3, p.freeStacks());

        final StackPool q = pool(garbage(), false);
        q.newStack(1024, 256);
        final StackHandle s = q.getStack(0);
        assertEquals(0, q.held(), "not tracked");
        assertEquals(0, q.highWater());
        q.release(s);
        assertEquals(0, q.held(), "never below zero when not tracked");
    }

    @Test
    void aBadStackIsRefusedNamingItsPlaceSizeAndTheRules()
    {
        final StackPool p = pool(SharedRegion.allocate(4096).buffer(), true);
        p.newStack(4096 - 64, 64);
        p.newStack(8, StackPool.MIN_STACK_SIZE);
        for (final int[] bad : new int[][] {{1028, 64}, {-8, 64}, {1024, 63}, {1024, 56}, {4096 - 56, 64}})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.newStack(bad[0], bad[1]));
            assertEquals("p: bad stack @" + bad[0] + " of " + bad[1] + " bytes (needs 8-byte alignment, at least 64 " +
                "bytes, inside 4096)", e.getMessage());
        }
        assertEquals(2, p.stacks(), "a refused stack is not counted");
    }

    @Test
    void releaseChecksThePoolAndTheOwnerWordAndNamesWhatItFound()
    {
        final AtomicBuffer b = garbage();
        final StackPool p = pool(b, true);
        p.newStack(1024, 256);
        p.newStack(2048, 256);
        final StackPool other = new StackPool("other", WaitPolicy.defaults()).wrap(b, 512).initialize(null, true);
        other.newStack(3072, 256);
        final StackHandle foreign = other.getStack(1);
        final IllegalArgumentException wrongPool = assertThrows(IllegalArgumentException.class,
            () -> p.release(foreign));
        assertEquals("stack @0xc00 (256 bytes) held by cpu 1 belongs to other, not p", wrongPool.getMessage());

        final StackHandle s = p.getStack(5);
        b.putLong(s.stackOffset() + 8, StackPool.HELD | 6);
        assertEquals("p: cpu 5 gives back stack @0x800 whose owner word says held by cpu 6",
            assertThrows(StackOwnershipException.class, () -> p.release(s)).getMessage());
        assertTrue(s.isHeld(), "a refused release keeps the handle");
        b.putLong(s.stackOffset() + 8, StackPool.FREE);
        assertEquals("p: cpu 5 gives back stack @0x800 whose owner word says it is free",
            assertThrows(StackOwnershipException.class, () -> p.release(s)).getMessage());
        b.putLong(s.stackOffset() + 8, 0x1234L);
        assertEquals("p: cpu 5 gives back stack @0x800 whose owner word says it holds garbage 0x0000000000001234 " +
            "(not a stack of this pool)", assertThrows(StackOwnershipException.class, () -> p.release(s)).getMessage());
        b.putLong(s.stackOffset() + 8, StackPool.HELD | 5);
        p.release(s);
        assertEquals(0, p.held());
    }

    @Test
    void aDrawOfAStackThatIsNotFreeNamesWhatItHeld()
    {
        final AtomicBuffer b = garbage();
        final StackPool p = pool(b, true);
        p.newStack(1024, 256);
        b.putLong(1024 + 8, 0x77L);
        final StackOwnershipException e = assertThrows(StackOwnershipException.class, () -> p.getStack(3));
        assertEquals("p: stack @0x400 drawn by cpu 3 while it holds garbage 0x0000000000000077 (not a stack of this " +
            "pool)", e.getMessage());
        assertEquals(0, p.held(), "not counted as lent");
    }

    @Test
    void aCpuIdIsKeptWhole()
    {
        final AtomicBuffer b = garbage();
        final StackPool p = pool(b, true);
        p.newStack(1024, 256);
        final StackHandle s = p.getStack(-2);
        assertEquals(StackPool.HELD | 0xfffffffeL, b.getLong(1024 + 8), "the low half, not sign-extended");
        p.release(s);
    }

    @Test
    void callRunsTheBoundFunctionAndGivesTheStackBack()
    {
        final StackPool p = pool(garbage(), true);
        p.newStack(1024, 256);
        final List<String> ran = new ArrayList<>();
        p.bind(s -> ran.add("bound on " + s.stackOffset() + " by " + s.cpu()));
        p.call(4);
        final StackPool q = new StackPool("q", WaitPolicy.defaults()).wrap(p.buffer(), 512)
            .initialize(s -> ran.add("initialized with"), true);
        q.newStack(2048, 256);
        q.call(1);
        assertEquals(List.of("bound on 1024 by 4", "initialized with"), ran);
        assertEquals(1, p.freeStacks());
        assertEquals(0, p.held());
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> pool(garbage(), true).call(0));
        assertEquals("p: no function bound (initialize or bind the pool first)", e.getMessage());
        final RuntimeException boom = new RuntimeException("boom");
        assertSame(boom, assertThrows(RuntimeException.class, () -> p.call(2, s ->
        {
            throw boom;
        })));
        assertEquals(1, p.freeStacks(), "given back when the function throws");
    }

    @Test
    void aDrawWaitsChecksLivenessOnThePolicysClockAndTimesOutNamingThePool()
    {
        final AtomicLong now = new AtomicLong();
        final WaitPolicy policy = WaitPolicy.backoff(0, 0, 1, 1, 1000).withClock(() -> now.addAndGet(10));
        final StackPool p = new StackPool("empty_pool", policy).wrap(garbage(), AT).initialize(null, true);
        final List<Long> checks = new ArrayList<>();
        final WaitTimeoutException e = assertThrows(WaitTimeoutException.class, () -> p.awaitStack(3, checks::add));
        assertFalse(checks.isEmpty(), "the liveness check ran while waiting");
        assertTrue(checks.get(checks.size() - 1) <= 1000, checks.toString());
        assertTrue(e.getMessage().startsWith("cpu 3: draw a stack"), e.getMessage());
        assertTrue(e.getMessage().contains("empty_pool head @256"), e.getMessage());
        assertTrue(e.getMessage().contains("empty (0 stacks given)"), e.getMessage());
        final IllegalStateException dead = new IllegalStateException("filler dead");
        assertSame(dead, assertThrows(IllegalStateException.class, () -> p.awaitStack(3, w ->
        {
            throw dead;
        })));
        assertThrows(WaitTimeoutException.class, () -> p.awaitStack(3));
        p.newStack(1024, 256);
        assertEquals(1024, p.awaitStack(3, w ->
        {
            throw dead;
        }).stackOffset(), "a free stack is taken without waiting or checking");
    }

    @Test
    void aHandleReachesExactlyItsUsableBytesAndNothingOnceGivenBack()
    {
        final AtomicBuffer b = garbage();
        final StackPool p = pool(b, true);
        p.newStack(1024, 128);
        final StackHandle s = p.getStack(2);
        assertEquals(96, s.size());
        s.putLong(0, 11);
        s.putLong(88, 12);
        assertEquals(11, b.getLong(1024 + 32), "index 0 is the first usable byte, past the header");
        assertEquals(12, s.getLong(88));
        assertSame(b, s.buffer());
        for (final int bad : new int[] {-1, 89, 96})
        {
            final IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> s.putLong(bad, 1));
            assertEquals("index " + bad + " outside stack @0x400 of 96 usable bytes", e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> s.getLong(bad));
        }
        p.release(s);
        assertEquals("cpu 2 used stack @0x400 (base) after giving it back",
            assertThrows(StackOwnershipException.class, s::base).getMessage());
        assertEquals("cpu 2 used stack @0x400 (buffer) after giving it back",
            assertThrows(StackOwnershipException.class, s::buffer).getMessage());
        assertEquals("cpu 2 used stack @0x400 (access) after giving it back",
            assertThrows(StackOwnershipException.class, () -> s.getLong(0)).getMessage());
        assertEquals("cpu 2 used stack @0x400 (release) after giving it back",
            assertThrows(StackOwnershipException.class, () -> p.release(s)).getMessage());
        assertEquals(1024, s.stackOffset(), "the offset stays readable, for messages");
    }
}
