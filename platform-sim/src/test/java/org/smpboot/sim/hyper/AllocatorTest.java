package org.smpboot.sim.hyper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class AllocatorTest
{
    @Test
    void clustersAreTakenLowestFirstAndGivenBack()
    {
        final ClusterAllocator a = new ClusterAllocator(List.of(0x11, 0x01, 0x10));
        assertEquals(List.of(0x01, 0x10), a.allocate(2));
        assertEquals(List.of(0x11), a.free());
        assertEquals("-nc 2: only 1 of 3 clusters with cores are free (0x11)",
            assertThrows(IllegalArgumentException.class, () -> a.allocate(2)).getMessage());
        assertEquals(List.of(0x11), a.free(), "a refused request allocates nothing");
        assertEquals("-nc must be at least 1, got 0",
            assertThrows(IllegalArgumentException.class, () -> a.allocate(0)).getMessage());
        a.release(List.of(0x10));
        assertEquals(List.of(0x10, 0x11), a.free());
        assertThrows(IllegalStateException.class, () -> a.release(List.of(0x10)), "a double free");
        assertThrows(IllegalStateException.class, () -> a.release(List.of(0x22)), "not an allocatable cluster");
        assertEquals(List.of(0x10), a.allocate(1));
        assertEquals(List.of(0x11), a.allocate(1));
        assertEquals("-nc 1: only 0 of 3 clusters with cores are free",
            assertThrows(IllegalArgumentException.class, () -> a.allocate(1)).getMessage());
        assertEquals("0x01,0x10", ClusterAllocator.format(List.of(0x01, 0x10)));
    }

    @Test
    void channelsAreClaimedOnceAndTheHypervisorsAreNotForInstances()
    {
        final ChannelPool tty = new ChannelPool("TTY", 4, 1);
        assertEquals("TTY channel 0 does not exist for instances (channels 1..3)",
            assertThrows(IllegalArgumentException.class, () -> tty.claim(0, 5)).getMessage());
        assertEquals("TTY channel 4 does not exist for instances (channels 1..3)",
            assertThrows(IllegalArgumentException.class, () -> tty.claim(4, 5)).getMessage());
        tty.claim(2, 5);
        assertEquals(5, tty.owner(2));
        assertEquals("TTY channel 2 is in use by instance 5",
            assertThrows(IllegalArgumentException.class, () -> tty.claim(2, 6)).getMessage());
        assertEquals(1, tty.allocate(6));
        assertEquals(3, tty.allocate(7));
        assertEquals("no free TTY channel (channels 1..3 are in use)",
            assertThrows(IllegalArgumentException.class, () -> tty.allocate(8)).getMessage());
        tty.release(2);
        assertEquals(-1, tty.owner(2));
        assertEquals(2, tty.allocate(8));
    }
}
