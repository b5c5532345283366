package org.smpboot.sim.fuzz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * How every fuzz suite runs QuickTheories: a fixed seed and 1,000 examples per property in CI, a longer run on demand.
 * {@code -Dsmpboot.fuzz.examples=N} sets the examples of a default property; a property sized smaller because each
 * example is a whole boot or build keeps its CI count in proportion ({@code N / 1000} times as many).
 * {@code -Dsmpboot.fuzz.seed=S} replaces the seed. A failure reports the shrunk input and the seed.
 */
public final class Fuzz
{
    /** The system property of the examples per default property. */
    public static final String EXAMPLES_PROPERTY = "smpboot.fuzz.examples";
    /** The system property of the seed. */
    public static final String SEED_PROPERTY = "smpboot.fuzz.seed";
    /** The examples per default property in CI. */
    public static final int CI_EXAMPLES = 1000;
    /** The seed in CI: a failure in CI replays the same on any machine. */
    public static final long CI_SEED = 20261121L;

    private Fuzz()
    {
    }

    /** @return QuickTheories for a default property: {@value #CI_EXAMPLES} examples, or the longer run's. */
    public static QuickTheory qt()
    {
        return qt(CI_EXAMPLES);
    }

    /**
     * @param ciExamples the examples of this property in CI, for one whose examples are costly (whole boots).
     * @return QuickTheories for it: that many examples in CI, in proportion to the default ones in a longer run.
     */
    public static QuickTheory qt(final int ciExamples)
    {
        final long examples = Math.max(ciExamples, (long)ciExamples * examples() / CI_EXAMPLES);
        return QuickTheory.qt().withFixedSeed(seed()).withExamples((int)Math.min(Integer.MAX_VALUE, examples));
    }

    /** @return the examples per default property: {@value #EXAMPLES_PROPERTY}, else {@value #CI_EXAMPLES}. */
    static int examples()
    {
        final String v = System.getProperty(EXAMPLES_PROPERTY, "").strip();
        if (v.isEmpty())
        {
            return CI_EXAMPLES;
        }
        try
        {
            final int n = Integer.parseInt(v);
            if (n > 0)
            {
                return n;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // the one-line error below
        }
        throw new IllegalArgumentException(EXAMPLES_PROPERTY + " must be a positive int, not '" + v + "'");
    }

    /** @return the seed: {@value #SEED_PROPERTY} (decimal or 0x hex), else {@value #CI_SEED}. */
    static long seed()
    {
        final String v = System.getProperty(SEED_PROPERTY, "").strip();
        if (v.isEmpty())
        {
            return CI_SEED;
        }
        try
        {
            return Long.decode(v);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(SEED_PROPERTY + " must be a long, not '" + v + "'");
        }
    }

    /**
     * Strings of the given characters (QuickTheories has fixed alphabets only).
     *
     * @param alphabet  the characters.
     * @param maxLength the longest string; the shortest is empty.
     * @return the generator.
     */
    public static Gen<String> strings(final String alphabet, final int maxLength)
    {
        final List<Character> chars = alphabet.chars().mapToObj(c -> (char)c).toList();
        return SourceDSL.lists().of(SourceDSL.arbitrary().pick(chars)).ofSizeBetween(0, maxLength)
            .map(l -> l.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    /**
     * Maps of distinct keys: QuickTheories' own maps throw on a repeated key, so a repeat here keeps the later value
     * (the map has fewer entries, never fewer than one when {@code minSize} is one).
     *
     * @param keys    the keys.
     * @param values  the values.
     * @param minSize the fewest entries drawn.
     * @param maxSize the most.
     * @param <K>     the key type.
     * @param <V>     the value type.
     * @return the generator, of insertion-ordered maps.
     */
    public static <K, V> Gen<Map<K, V>> maps(final Gen<K> keys, final Gen<V> values, final int minSize,
        final int maxSize)
    {
        return SourceDSL.lists().of(keys.zip(values, Map::entry)).ofSizeBetween(minSize, maxSize).map(es ->
        {
            final Map<K, V> m = new LinkedHashMap<>();
            es.forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
        });
    }
}
