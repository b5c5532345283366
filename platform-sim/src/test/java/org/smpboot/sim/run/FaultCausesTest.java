package org.smpboot.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.boot.Reconfiguration;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/**
 * The boot's first fault is its cause: a follower told that its leader gave the boot up may record its fault before
 * the leader's own reaches the machine's list (the leader publishes that it gave up, then throws); the leader's comes
 * first all the same (the project's CI once printed the follower's line as the boot's).
 */
class FaultCausesTest
{
    private final Machine m = new Machine(PlatformBuilder.build(PlatformSpec.defaults()),
        MachineConfig.defaults().withConsole(null).withFill(Fill.random(1)));

    @AfterEach
    void close()
    {
        m.close();
    }

    @Test
    void aConsequenceRecordedFirstComesAfterTheCauseItNames()
    {
        final CoreFault follower = new CoreFault(m.processor(0x10, 0), "election: cpu 64: asm_magic_val holds MAGIC2 " +
            "but leader cpu 0 gave the boot up 1 ms ago", true);
        final CoreFault other = new CoreFault(m.processor(0x01, 1), "election: cpu 5: gave up too", true);
        final CoreFault leader = new CoreFault(m.processor(0x00, 0), "arch_info.bin in cluster 0x00: bad signature");
        final CoreFault later = new CoreFault(m.processor(0x11, 3), "a wait timed out");
        assertEquals(List.of(leader, later, follower, other),
            PlatformBoot.causes(List.of(follower, other, leader, later), new Reconfiguration(Duration.ofSeconds(1))));
    }

    @Test
    void consequencesAloneKeepTheirOrder()
    {
        final CoreFault a = new CoreFault(m.processor(0x10, 0), "a", true);
        final CoreFault b = new CoreFault(m.processor(0x00, 1), "b", true);
        assertEquals(List.of(a, b), PlatformBoot.causes(List.of(a, b), new Reconfiguration(Duration.ofSeconds(1))));
    }
}
