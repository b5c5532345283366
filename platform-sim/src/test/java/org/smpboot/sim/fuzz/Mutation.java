package org.smpboot.sim.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * A valid file with a few bytes set and its length changed (truncated, or extended with zeros). Kept as the edits
 * rather than the bytes, so a failure prints, and shrinks, what was changed.
 *
 * @param valid  the file before.
 * @param edits  {offset, value} pairs, applied in order; an offset past the new length is dropped.
 * @param length the new length.
 */
record Mutation(byte[] valid, List<int[]> edits, int length)
{
    /**
     * @param valid   the file to mutate.
     * @param offsets where a byte is set.
     * @param lengths the new lengths.
     * @return mutations of 1 to 6 bytes, each set to any value.
     */
    static Gen<Mutation> of(final byte[] valid, final Gen<Integer> offsets, final Gen<Integer> lengths)
    {
        final Gen<int[]> edit = offsets.zip(SourceDSL.integers().between(0, 255), (o, v) -> new int[] {o, v});
        return SourceDSL.lists().of(edit).ofSizeBetween(1, 6).zip(lengths, (es, n) -> new Mutation(valid, es, n));
    }

    /** @return the mutated file. */
    byte[] bytes()
    {
        final byte[] b = Arrays.copyOf(valid, length);
        for (final int[] e : edits)
        {
            if (e[0] < b.length)
            {
                b[e[0]] = (byte)e[1];
            }
        }
        return b;
    }

    @Override
    public String toString()
    {
        return "length " + length + (length == valid.length ? "" : " (was " + valid.length + ")") + ", set " +
            edits.stream().map(e -> String.format("[0x%x]=0x%02x", e[0], e[1])).collect(Collectors.joining(" "));
    }
}
