package org.smpboot.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.fault.FaultPlan;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.image.ArchInfo;
import org.smpboot.sim.image.ArchInfoReader;
import org.smpboot.sim.image.ArchInfoWriter;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.ImageFormatException;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.PlatformBoot;

/**
 * arch_info.bin, mutated: bytes of a valid image changed (mostly in the header and the cluster table, where a change
 * matters), the image truncated or extended. The reader returns a platform or an {@link ImageFormatException} naming the
 * field, never anything else; a platform it returns writes back to the same bytes or to a valid image; and a few
 * mutated images go through a whole boot, which completes or fails with one line naming the stage.
 */
class ArchInfoFuzzTest
{
    private static final Platform PLATFORM = PlatformBuilder.build(PlatformSpec.defaults());
    private static final byte[] VALID = ArchInfoWriter.write(PLATFORM);

    /** Mostly in the header and the cluster table, where a change matters; mostly at the valid length. */
    private static Gen<Mutation> mutated()
    {
        final Gen<Integer> offset = Generate.frequency(
            Pair.of(4, SourceDSL.integers().between(0, 0x7F)),
            Pair.of(3, SourceDSL.integers().between(0, Math.min(VALID.length - 1, 0x400))),
            Pair.of(2, SourceDSL.integers().between(0, VALID.length - 1)));
        final Gen<Integer> length = Generate.frequency(
            Pair.of(8, Generate.constant(VALID.length)),
            Pair.of(1, SourceDSL.integers().between(0, VALID.length)),
            Pair.of(1, SourceDSL.integers().between(VALID.length, VALID.length + 64)));
        return Mutation.of(VALID, offset, length);
    }

    @Test
    void theReaderReturnsAPlatformOrNamesTheField()
    {
        Fuzz.qt().forAll(mutated()).checkAssert(m -> readerReturnsAPlatformOrNamesTheField(m.bytes()));
    }

    private static void readerReturnsAPlatformOrNamesTheField(final byte[] image)
    {
        final ArchInfo p = Outcomes.resultOrClearError(Duration.ofSeconds(5), () -> ArchInfoReader.read("fuzz", image),
            ImageFormatException.class);
        if (p != null)
        {
            // what the reader accepts is a platform the writer can write and the reader read again, unchanged
            final byte[] again = ArchInfoWriter.write(p);
            final ArchInfo back = Outcomes.resultOrClearError(Duration.ofSeconds(5), () -> ArchInfoReader.read("again",
                again), ImageFormatException.class);
            assertTrue(back != null, "the writer wrote what the reader refuses");
            assertArrayEquals(again, ArchInfoWriter.write(back));
        }
    }

    @Test
    void aBootOnACorruptArchInfoCompletesOrFailsNamingTheStage()
    {
        Fuzz.qt(6).forAll(SourceDSL.integers().between(0, 0xFF), SourceDSL.integers().between(1, 255),
            SourceDSL.arbitrary().enumValues(BootFlavor.class)).checkAssert(ArchInfoFuzzTest::bootCompletesOrFails);
    }

    /** A boot under the fault {@code corrupt-archinfo:OFFSET:XOR}: arch_info.bin with one byte changed. */
    private static void bootCompletesOrFails(final int offset, final int xor, final BootFlavor flavor)
    {
        final BootResult r = Outcomes.resultOrClearError(Duration.ofSeconds(40), () -> new PlatformBoot(PLATFORM,
            new BootOptions(BootLayout.ALMOS_MKH, Duration.ofSeconds(15), false, flavor), MachineConfig.defaults()
            .withConsole(null)).watchdog(Duration.ofSeconds(3)).wakeDeadline(Duration.ofMillis(1000))
            .faults(FaultPlan.parse(List.of("corrupt-archinfo:" + offset + ":" + xor))).run("5a"));
        assertTrue(r != null, "PlatformBoot.run threw");
        Outcomes.bootedOrFailedClearly(r);
    }
}
