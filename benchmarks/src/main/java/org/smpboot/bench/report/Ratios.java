package org.smpboot.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pairs every variant with every baseline of the same benchmark class and configuration. Scores are all
 * average times here, so a ratio is a time ratio; rows whose units differ are not compared.
 */
public final class Ratios
{
    private Ratios()
    {
    }

    /**
     * @param results rows of one run.
     * @return one ratio per (variant, baseline, configuration), in result order.
     */
    public static List<Ratio> pair(final List<JmhResult> results)
    {
        final List<Ratio> out = new ArrayList<>();
        for (final JmhResult v : results)
        {
            if (v.isBaseline())
            {
                continue;
            }
            for (final JmhResult b : results)
            {
                if (b.isBaseline() && b.className().equals(v.className()) &&
                    b.configuration().equals(v.configuration()) && b.unit().equals(v.unit()))
                {
                    out.add(new Ratio(v, b));
                }
            }
        }
        return out;
    }

    /**
     * @param results   rows of one run.
     * @param className benchmark class.
     * @param method    method.
     * @param size      thread count or size param.
     * @return that row, if measured.
     */
    public static Optional<JmhResult> find(
        final List<JmhResult> results, final String className, final String method, final int size)
    {
        return results.stream()
            .filter(r -> r.className().equals(className) && r.method().equals(method) && r.size() == size)
            .findFirst();
    }
}
