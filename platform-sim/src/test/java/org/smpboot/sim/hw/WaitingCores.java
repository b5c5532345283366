package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.smpboot.sim.boot.ElfSymbols;
import org.smpboot.sim.image.Elf32;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.image.ElfSymbol;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import org.smpboot.sim.testing.Await;

/**
 * Test support: a default machine whose cores can be started on a function that only executes {@code wait}, so that
 * the XCU's wake-up goes through {@link Processor#signal()} to a real core thread, as in the preloader.
 */
final class WaitingCores
{
    /** Where the waiting function sits in cluster 0 (INSTRUCTION is 0 at reset). */
    static final int WAIT_ADDRESS = 0x2000;
    /** Every wait in the tests is bounded by this. */
    static final long JOIN_MILLIS = 10_000;

    private static final String SYMBOL = "test_wait";

    private final Machine machine;
    private final Map<Processor, Long> timeouts = new ConcurrentHashMap<>();

    WaitingCores()
    {
        machine = new Machine(PlatformBuilder.build(PlatformSpec.defaults()),
            MachineConfig.defaults().withConsole(null));
        final byte[] code = new byte[16];
        for (int i = 0; i < code.length; i++)
        {
            code[i] = (byte)(0x40 + i);
        }
        final ElfImage image = new ElfImage(WAIT_ADDRESS,
            List.of(new ElfSegment(".text", WAIT_ADDRESS, WAIT_ADDRESS, Elf32.PF_R | Elf32.PF_X, code, code.length)),
            List.of(new ElfSymbol(SYMBOL, WAIT_ADDRESS, code.length, true)));
        machine.bus().write(machine.processor(0, 0), PhysicalAddress.of(0, WAIT_ADDRESS), code, 0, code.length);
        machine.code().register("test.elf", ElfSymbols.of(image));
        machine.code().bind(SYMBOL, core ->
        {
            core.waitForInterrupt(TimeUnit.MILLISECONDS.toNanos(timeouts.get(core)), "a test interrupt");
            return Processor.HALT;
        });
    }

    Machine machine()
    {
        return machine;
    }

    /**
     * Starts a core on {@code wait} and returns once it is waiting.
     *
     * @param core          the core.
     * @param timeoutMillis how long its wait may last before it faults.
     */
    void startWaiting(final Processor core, final long timeoutMillis) throws InterruptedException
    {
        timeouts.put(core, timeoutMillis);
        core.start(WAIT_ADDRESS);
        Await.until(core + " in wait", JOIN_MILLIS, TimeUnit.MILLISECONDS, () ->
        {
            if (core.state() == Processor.State.FAULTED)
            {
                fail(core + " faulted before it reached wait: " + machine.faults());
            }
            return core.state() == Processor.State.WAITING;
        });
    }

    /**
     * @param core a started core.
     * @return its final state, once its thread has ended (bounded).
     */
    static Processor.State join(final Processor core) throws InterruptedException
    {
        core.thread().join(JOIN_MILLIS);
        assertEquals(false, core.thread().isAlive(), core + " still running");
        return core.state();
    }
}
