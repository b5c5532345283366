package org.smpboot.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.fault.FaultPlan;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.image.ArchInfoException;
import org.smpboot.sim.image.ArchInfoReader;
import org.smpboot.sim.image.ArchInfoWriter;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.PlatformBoot;

/**
 * arch_info.bin, mutated: bytes of a valid image changed (mostly in the header and the cluster table, where a change
 * matters), the image truncated or extended. The reader returns a platform or an {@link ArchInfoException} naming the
 * field, never anything else; a platform it returns writes back to the same bytes or to a valid image; and a few
 * mutated images go through a whole boot, which completes or fails with one line naming the stage.
 */
class ArchInfoFuzzTest
{
    private static final Platform PLATFORM = PlatformBuilder.build(PlatformSpec.defaults());
    private static final byte[] VALID = ArchInfoWriter.write(PLATFORM);

    @Provide
    Arbitrary<byte[]> mutated()
    {
        final Arbitrary<Integer> offset = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 0x7F)),
            net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, Math.min(VALID.length - 1, 0x400))),
            net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, VALID.length - 1)));
        final Arbitrary<int[]> edit = Combinators.combine(offset, Arbitraries.integers().between(0, 255))
            .as((o, v) -> new int[] {o, v});
        final Arbitrary<Integer> length = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.just(VALID.length)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, VALID.length)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(VALID.length, VALID.length + 64)));
        return Combinators.combine(edit.list().ofMinSize(1).ofMaxSize(6), length).as(ArchInfoFuzzTest::apply);
    }

    private static byte[] apply(final List<int[]> edits, final int length)
    {
        final byte[] b = java.util.Arrays.copyOf(VALID, length);
        for (final int[] e : edits)
        {
            if (e[0] < b.length)
            {
                b[e[0]] = (byte)e[1];
            }
        }
        return b;
    }

    @Property(seed = "20261121")
    void theReaderReturnsAPlatformOrNamesTheField(@ForAll("mutated") final byte[] image)
    {
        final Platform p = Outcomes.resultOrClearError(Duration.ofSeconds(5), () -> ArchInfoReader.read("fuzz", image),
            ArchInfoException.class);
        if (p != null)
        {
            // what the reader accepts is a platform the writer can write and the reader read again, unchanged
            final byte[] again = ArchInfoWriter.write(p);
            final Platform back = Outcomes.resultOrClearError(Duration.ofSeconds(5), () -> ArchInfoReader.read("again",
                again), ArchInfoException.class);
            assertTrue(back != null, "the writer wrote what the reader refuses");
            assertArrayEquals(again, ArchInfoWriter.write(back));
        }
    }

    @Provide
    Arbitrary<int[]> corruption()
    {
        return Combinators.combine(Arbitraries.integers().between(0, 0xFF), Arbitraries.integers().between(1, 255))
            .as((o, x) -> new int[] {o, x});
    }

    @Property(tries = 6, seed = "20261121")
    void aBootOnACorruptArchInfoCompletesOrFailsNamingTheStage(@ForAll("corruption") final int[] c,
        @ForAll final BootFlavor flavor) throws Exception
    {
        final BootResult r = Outcomes.resultOrClearError(Duration.ofSeconds(40), () -> new PlatformBoot(PLATFORM,
            new BootOptions(BootLayout.ALMOS_MKH, Duration.ofSeconds(15), false, flavor), MachineConfig.defaults()
            .withConsole(null)).watchdog(Duration.ofSeconds(3)).wakeDeadline(Duration.ofMillis(1000))
            .faults(FaultPlan.parse(List.of("corrupt-archinfo:" + c[0] + ":" + c[1]))).run("5a"));
        assertTrue(r != null, "PlatformBoot.run threw");
        Outcomes.bootedOrFailedClearly(r);
    }
}
