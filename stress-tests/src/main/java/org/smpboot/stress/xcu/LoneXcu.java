package org.smpboot.stress.xcu;

import java.util.List;

import org.smpboot.sim.hw.AccessMatrix;
import org.smpboot.sim.hw.Bus;
import org.smpboot.sim.hw.Clock;
import org.smpboot.sim.hw.DeviceContext;
import org.smpboot.sim.hw.Initiator;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Xcu;
import org.smpboot.sim.platform.Device;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;

/**
 * The smallest machine an {@link Xcu} can be built in: what its constructor reads of a {@link DeviceContext} (the
 * platform's {@code irqsPerCore}, a {@link Clock} to listen to, and the cores to signal) and nothing else. jcstress
 * builds a state per sample, millions of them, so a whole {@code Machine} per state is out of the question; this
 * costs one {@code Clock} and the XCU's own arrays.
 *
 * <p>The XCU is vci_xicu's default of cluster 0: 16 HWI, 16 PTI, 16 WTI inputs, 4 outputs per core for 2 cores
 * (the test machine has 2 CPUs). There are no cores: {@link #processor(int, int)} answers null, which the XCU takes as
 * "no such core" and does not signal. The tests check the register state and {@link Xcu#pending(int)}, which is what a
 * woken core re-checks; the signal itself is {@code Processor}'s business and its unit tests'. The clock is never
 * advanced, so the timers stay silent. Whatever the XCU does not use throws.
 */
final class LoneXcu implements DeviceContext
{
    /** XCU outputs per core, as on TSAR. */
    static final int IRQS_PER_CORE = 4;
    /** Cores the XCU serves. */
    static final int CORES = 2;

    private static final Platform PLATFORM = new Platform("jcstress-xcu", 1, 1, 0, 0, 2, 0, 0, IRQS_PER_CORE, 64,
        List.of(), List.of(), List.of(), List.of());
    private static final Device DESCRIPTOR = new Device(0xF000_0000L, 0x1000, DeviceType.ICU_XCU,
        CORES * IRQS_PER_CORE, 16, 16, 16, CORES * IRQS_PER_CORE, 0, 0);

    private final Clock clock = new Clock();

    private LoneXcu()
    {
    }

    /** @return a fresh XCU in reset state: no value, nothing active, every mask 0. */
    static Xcu build()
    {
        return new Xcu(DESCRIPTOR, new LoneXcu());
    }

    /**
     * Routes WTIs to core {@code lid}'s first output, as the preloader does: {@code MSK_WTI[IRQS_PER_CORE * lid]}.
     *
     * @param xcu  the XCU.
     * @param who  who writes the mask.
     * @param lid  the core.
     * @param wtis a bit per WTI input.
     */
    static void route(final Xcu xcu, final Initiator who, final int lid, final int wtis)
    {
        xcu.write32(who, Xcu.offset(Xcu.MSK_WTI, IRQS_PER_CORE * lid), wtis);
    }

    @Override
    public Platform platform()
    {
        return PLATFORM;
    }

    @Override
    public MachineConfig config()
    {
        throw new UnsupportedOperationException("a lone XCU has no machine configuration");
    }

    @Override
    public Bus bus()
    {
        throw new UnsupportedOperationException("a lone XCU has no bus");
    }

    @Override
    public Clock clock()
    {
        return clock;
    }

    @Override
    public Processor processor(final int cxy, final int lid)
    {
        return null;
    }

    @Override
    public Initiator initiator(final String name, final int cxy)
    {
        throw new UnsupportedOperationException("a lone XCU masters no bus");
    }

    @Override
    public AccessMatrix accesses()
    {
        throw new UnsupportedOperationException("a lone XCU counts no accesses");
    }
}
