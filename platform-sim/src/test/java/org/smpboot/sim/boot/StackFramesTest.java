package org.smpboot.sim.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.stack.StackOwnershipException;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.sim.TestImages;
import org.smpboot.sim.driver.CallFrames;
import org.smpboot.sim.hw.AccessKind;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.StackRegister;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.image.FrameTable;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/**
 * Stacks that are used, on two simulated cores of one machine: the runtime's {@link StackPool} over cluster 0's
 * memory, each core's flyweight told to its stack-pointer register through {@link StackSwitch}, and boot.elf's frames
 * read from its {@code .frames} table in memory ({@link CallFrames}).
 */
class StackFramesTest
{
    /** Where the test's pool lives in cluster 0: the almos-mkh boot-stack zone. */
    private static final int ZONE = BootLayout.ALMOS_MKH.stackBase();
    private static final int STACK = 4096;

    private final Machine m = new Machine(PlatformBuilder.build(PlatformSpec.defaults()),
        MachineConfig.defaults().withConsole(null).withFill(Fill.random(5)));
    private Processor a;
    private Processor b;
    private CallFrames frames;

    @BeforeEach
    void load()
    {
        a = m.processor(0x00, 1);
        b = m.processor(0x00, 2);
        final ElfImage boot = TestImages.boot(BootLayout.ALMOS_MKH);
        // boot.elf's frame table where the loader puts it (the cores fetch from cluster 0: INSTRUCTION is 0)
        final ElfSegment table = boot.segment(FrameTable.SECTION).orElseThrow();
        a.bus().write(a, PhysicalAddress.of(0, table.paddr()), table.data(), 0, table.fileSize());
        frames = CallFrames.of("boot.elf", boot, 0);
    }

    @AfterEach
    void close()
    {
        m.close();
    }

    /** Each core's own flyweight over the one pool in cluster 0, its draws told to its stack pointer. */
    private static StackPool pool(final Processor core)
    {
        return new StackPool("test_stack_pool", WaitPolicy.defaults()).wrap(core.window(0, ZONE, 64 * 1024), 0)
            .listener(new StackSwitch(core, 0, ZONE, "test_stack_pool"));
    }

    @Test
    void aDrawSetsTheStackPointerToTheTopAndFramesPushAndPopThroughTheBus()
    {
        pool(a).initialize(null, false).newStack(STACK, STACK);
        assertTrue(a.stack().poisoned(), "no stack at reset: " + a.stack());
        final long writes = accesses(a);
        pool(a).call(a.gid(), s ->
        {
            assertEquals(ZONE + 2 * STACK, a.sp(), "the top of the stack drawn");
            final StackRegister.Frame f = frames.enter(a, "boot_cp0_local");
            assertEquals(ZONE + 2 * STACK - 160, a.sp(), "boot_cp0_local's 160 bytes, from .frames");
            frames.leave(a, f);
            assertEquals(ZONE + 2 * STACK, a.sp());
        });
        // one load of the .frames entry, four stores of the frame, three loads of its check
        assertEquals(8, accesses(a) - writes - accessesOfTheDraw(), "the frame's accesses are the core's");
        assertEquals(160, m.stackDepths().of(0, ZONE + 2 * STACK).used(), "the deepest point of that stack");
    }

    /** @return the core's accesses to cluster 0, of every kind. */
    private static long accesses(final Processor core)
    {
        long n = 0;
        for (final AccessKind k : AccessKind.values())
        {
            n += core.counts().get(0, k);
        }
        return n;
    }

    /** What the same draw and release cost without a frame, measured on a core of its own. */
    private long accessesOfTheDraw()
    {
        final Processor c = m.processor(0x00, 3);
        final long before = accesses(c);
        pool(c).call(c.gid(), s -> { });
        return accesses(c) - before;
    }

    /**
     * The negative control: a broken pool that hands the stack core A holds to core B as well (the leader's newStack
     * given the same stack twice, which the owner word cannot see since newStack rewrites it FREE). Core B's frame
     * overwrites A's saved words; A's epilogue finds them changed, and its core faults naming the corruption.
     */
    @Test
    void aStackLentToTwoCoresAtOnceIsCaughtByTheFramesItCorrupts()
    {
        pool(a).initialize(null, false).newStack(STACK, STACK);
        final CoreFault f = assertThrows(CoreFault.class, () -> pool(a).call(a.gid(), s ->
        {
            final StackRegister.Frame mine = frames.enter(a, "boot_cp0_init");
            pool(b).newStack(STACK, STACK); // the broken pool: the held stack given again
            pool(b).call(b.gid(), t ->
            {
                assertEquals(a.stack().top(), b.stack().top(), "both cores run on one stack");
                frames.leave(b, frames.enter(b, "boot_cpi_local"));
            });
            frames.leave(a, mine);
        }));
        assertTrue(f.getMessage().contains("stack corrupted: boot_cp0_init's frame at 0x"), f.getMessage());
        assertTrue(f.getMessage().contains(String.format("its canary is core gid 0x%03x's: one stack lent to two " +
            "cores at once", b.gid())), f.getMessage());
        assertTrue(f.getMessage().startsWith(a.name()), f.getMessage());
        // and the pool, giving A's stack back after the fault, finds its owner word rewritten by B's release
        assertEquals(1, f.getSuppressed().length, f.toString());
        assertTrue(f.getSuppressed()[0] instanceof StackOwnershipException, f.getSuppressed()[0].toString());
    }

    /** The same two cores and frames with a pool that works: two stacks, one each, and every epilogue passes. */
    @Test
    void twoCoresOnStacksOfTheirOwnPassEveryFrameCheck()
    {
        pool(a).initialize(null, false).newStack(STACK, STACK);
        pool(a).newStack(2 * STACK, STACK);
        pool(a).call(a.gid(), s ->
        {
            final StackRegister.Frame mine = frames.enter(a, "boot_cp0_init");
            pool(b).call(b.gid(), t ->
            {
                assertTrue(a.stack().top() != b.stack().top(), "a stack each");
                frames.leave(b, frames.enter(b, "boot_cpi_local"));
            });
            frames.leave(a, mine);
        });
    }

    @Test
    void aStacklessFunctionThatPushesAFrameFaultsNamingIt()
    {
        pool(a).initialize(null, false).newStack(STACK, STACK);
        final CoreFault f = assertThrows(CoreFault.class, () -> pool(a).call(a.gid(), s ->
            s.terminateCall((cpu, arg) -> frames.enter(a, "boot_cpi_init"), null)));
        assertTrue(f.getMessage().contains("boot_cpi_init tried to push a frame of 48 bytes through a poisoned " +
            "stack pointer 0xdeadbee0 (stack_pool_terminate_call gave back the stack at 0x"), f.getMessage());
    }

    /** The boot's own stackless function (seed 002: draw from the next pool) uses no stack, and passes. */
    @Test
    void theBootsStacklessFunctionUsesNoStackAndRunsOnTheNextPoolsStack()
    {
        final StackPool init = pool(a).initialize(null, false);
        init.newStack(STACK, STACK);
        final StackPool start = new StackPool("start", WaitPolicy.defaults()).wrap(a.window(0, ZONE + 8 * STACK,
            4 * STACK), 0).listener(new StackSwitch(a, 0, ZONE + 8 * STACK, "start")).initialize(null, false);
        start.newStack(STACK, STACK);
        init.call(a.gid(), s ->
        {
            frames.enter(a, "arch_init");
            s.terminateCall((cpu, next) ->
            {
                assertTrue(a.stack().poisoned(), a.stack().toString());
                next.call(cpu, t -> frames.leave(a, frames.enter(a, "boot_cp0_init")));
            }, start);
        });
        assertEquals(ZONE + 8 * STACK + 2 * STACK, a.stack().top(), "on start's stack");
    }

    @Test
    void aFrameLargerThanItsStackIsAStackOverflow()
    {
        // 128 usable bytes (a stack's header takes 32 of its 160): boot_init's frame takes 256
        pool(a).initialize(null, false).newStack(STACK, 160);
        final CoreFault f = assertThrows(CoreFault.class, () -> pool(a).call(a.gid(), s ->
            frames.enter(a, "boot_init")));
        assertTrue(f.getMessage().contains("stack overflow: boot_init's frame of 256 bytes at sp 0x"), f.getMessage());
        assertTrue(f.getMessage().contains("(128 bytes left)"), f.getMessage());
    }

    @Test
    void aCoreOutOfResetHasNoStack()
    {
        final CoreFault f = assertThrows(CoreFault.class, () -> frames.enter(a, "boot_cp0_init"));
        assertTrue(f.getMessage().contains("boot_cp0_init tried to push a frame of 64 bytes through a poisoned stack " +
            "pointer 0xdeadbee0 (reset)"), f.getMessage());
    }

    @Test
    void aFunctionWithoutAFramesEntryFaultsNamingIt()
    {
        final CoreFault f = assertThrows(CoreFault.class, () -> frames.enter(a, "no_such_function"));
        assertTrue(f.getMessage().contains("no_such_function has no entry in the .frames table of boot.elf"),
            f.getMessage());
    }
}
