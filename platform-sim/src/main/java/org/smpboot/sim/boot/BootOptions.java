package org.smpboot.sim.boot;

import java.time.Duration;

import org.smpboot.sim.driver.BarrierKind;
import org.smpboot.sim.image.BootLayout;

/**
 * How a platform boot runs.
 *
 * @param layout    the memory-layout preset.
 * @param timeout   the bound of every wait of the boot (a sleeping core, a barrier, a device, the whole boot); the
 *                  boot software's own waits measure it on the machine clock.
 * @param misorder  the deliberately misordered variant: in phase 4 the CP0 of cluster 0 moves the kernel over the
 *                  preloader before its cores have left it (tsar flavor, almos-mk only), which the code guard must
 *                  report.
 * @param flavor    who boots: the elected leader or core[0][0].
 * @param seal      when the elected leader seals cpu_count.
 * @param barrier   the runtime's barrier class behind global_barrier and local_barrier.
 */
public record BootOptions(BootLayout layout, Duration timeout, boolean misorder, BootFlavor flavor, CountSeal seal,
    BarrierKind barrier)
{
    /**
     * The default seal and ALMOS-MKH's barriers.
     *
     * @param layout   the layout.
     * @param timeout  the bound.
     * @param misorder the misordered variant.
     * @param flavor   who boots.
     */
    public BootOptions(final BootLayout layout, final Duration timeout, final boolean misorder,
        final BootFlavor flavor)
    {
        this(layout, timeout, misorder, flavor, CountSeal.defaults(), BarrierKind.almosMkh());
    }

    /**
     * ALMOS-MKH's barriers.
     *
     * @param layout   the layout.
     * @param timeout  the bound.
     * @param misorder the misordered variant.
     * @param flavor   who boots.
     * @param seal     when the elected leader seals cpu_count.
     */
    public BootOptions(final BootLayout layout, final Duration timeout, final boolean misorder,
        final BootFlavor flavor, final CountSeal seal)
    {
        this(layout, timeout, misorder, flavor, seal, BarrierKind.almosMkh());
    }

    /**
     * The default seal.
     *
     * @param layout   the layout.
     * @param timeout  the bound.
     * @param misorder the misordered variant.
     * @param flavor   who boots.
     * @param barrier  the barrier class.
     */
    public BootOptions(final BootLayout layout, final Duration timeout, final boolean misorder,
        final BootFlavor flavor, final BarrierKind barrier)
    {
        this(layout, timeout, misorder, flavor, CountSeal.defaults(), barrier);
    }

    /**
     * The tsar flavor.
     *
     * @param layout   the layout.
     * @param timeout  the bound.
     * @param misorder the misordered variant.
     */
    public BootOptions(final BootLayout layout, final Duration timeout, final boolean misorder)
    {
        this(layout, timeout, misorder, BootFlavor.TSAR);
    }

    /**
     * @param layout the layout.
     * @return the tsar flavor in the right order and a 60 s bound.
     */
    public static BootOptions of(final BootLayout layout)
    {
        return new BootOptions(layout, Duration.ofSeconds(60), false, BootFlavor.TSAR);
    }

    /**
     * @param f the flavor.
     * @return a copy with it.
     */
    public BootOptions withFlavor(final BootFlavor f)
    {
        return new BootOptions(layout, timeout, misorder, f, seal, barrier);
    }

    /**
     * @param s when the elected leader seals the count.
     * @return a copy with it.
     */
    public BootOptions withSeal(final CountSeal s)
    {
        return new BootOptions(layout, timeout, misorder, flavor, s, barrier);
    }

    /**
     * @param kind the barrier class.
     * @return a copy with it.
     */
    public BootOptions withBarrier(final BarrierKind kind)
    {
        return new BootOptions(layout, timeout, misorder, flavor, seal, kind);
    }
}
