package org.smpboot.sim.hw;

import java.util.List;

/**
 * Refuses a store over code that a core is executing: the function a core runs, in the cluster its INSTRUCTION
 * extension register names. This is how the simulator proves the ordering of phase 4 (DESIGN.md 3.4): the almos-mk
 * boot-loader may move the kernel over the preloader in cluster 0 only once every core has left the preloader; a core
 * still sleeping in the preloader's {@code wait} is executing it.
 *
 * <p>The check reads each core's registers and current function (volatile fields written by the core's own thread);
 * a core that jumps away concurrently with the store may be reported one jump late, never missed before it jumped.
 */
public final class CodeGuard implements WriteWatcher
{
    private final List<Processor> cores;
    private final CodeRanges code;

    /**
     * @param cores every core of the machine.
     */
    public CodeGuard(final List<Processor> cores)
    {
        this(cores, null);
    }

    /**
     * @param cores every core of the machine.
     * @param code  where registered functions run (a store elsewhere is passed without looking at the cores), or
     *              null to look at the cores for every store.
     */
    CodeGuard(final List<Processor> cores, final CodeRanges code)
    {
        this.cores = List.copyOf(cores);
        this.code = code;
    }

    @Override
    public void beforeWrite(final Initiator who, final long paddr, final int len)
    {
        final int cxy = PhysicalAddress.cxy(paddr);
        final long from = PhysicalAddress.offset(paddr);
        final long to = from + len;
        if (code != null && !code.overlaps(from, to))
        {
            return; // no function of any image runs there, in any cluster
        }
        for (final Processor p : cores)
        {
            final CodeMap.Resolved f = p.executing();
            final Processor.State s = p.state();
            // behind a HAT the INSTRUCTION register holds an instance's cluster: compare where the code was fetched
            if (f == null || (p.space() == null ? p.instExt() : f.cxy()) != cxy ||
                (s != Processor.State.RUNNING && s != Processor.State.WAITING))
            {
                continue;
            }
            final long start = f.address() & 0xFFFF_FFFFL;
            if (from < start + f.size() && start < to)
            {
                final String detail = String.format("writes [0x%08x, 0x%08x) of cluster 0x%02x over %s of %s " +
                    "[0x%08x, 0x%08x), which %s is executing", from, to, cxy, f.symbol(), f.image(), start,
                    start + f.size(), p.name());
                throw who instanceof Processor writer ? new CoreFault(writer, detail) :
                    new BusError(who, "write", paddr, detail);
            }
        }
    }
}
