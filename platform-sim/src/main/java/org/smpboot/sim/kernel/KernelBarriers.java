package org.smpboot.sim.kernel;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.barrier.Barrier;
import org.smpboot.runtime.barrier.CentralizedBarrier;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * How kernel_init makes its {@code global_barrier} and {@code local_barrier} flyweights over their words in kdata:
 * the runtime's {@link CentralizedBarrier} by default ({@link #SENSE_REVERSING}). A schedule explorer swaps in a
 * deliberately broken variant to prove that it finds the interleaving that breaks it.
 */
@FunctionalInterface
public interface KernelBarriers
{
    /** The runtime's centralized sense-reversing barrier, as ALMOS-MKH's, wrapped: its parties read from kdata. */
    KernelBarriers SENSE_REVERSING = (window, offset, parties, policy, name) ->
        new CentralizedBarrier(policy, name).wrap(window, offset);

    /**
     * @param window  the barrier's words: {@link CentralizedBarrier#footprint(int)} bytes, initialised by the
     *                boot-loader as a {@link CentralizedBarrier}.
     * @param offset  the first byte in the window.
     * @param parties participants, as the caller counts them (the runtime's barrier reads its own from memory).
     * @param policy  how waiters idle.
     * @param name    the barrier's name.
     * @return the flyweight.
     */
    Barrier make(AtomicBuffer window, int offset, int parties, WaitPolicy policy, String name);
}
