package org.smpboot.bench.report;

/**
 * A variant's time against a baseline's, both from the same run and the same configuration.
 *
 * @param variant  the runtime's row.
 * @param baseline the baseline's row.
 */
public record Ratio(JmhResult variant, JmhResult baseline)
{
    /** @return variant time / baseline time: below 1 means the variant is faster. */
    public double timeRatio()
    {
        return variant.score() / baseline.score();
    }

    /** @return baseline time / variant time: above 1 means the variant is faster. */
    public double speedUp()
    {
        return baseline.score() / variant.score();
    }
}
