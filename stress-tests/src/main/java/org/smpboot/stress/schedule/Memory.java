package org.smpboot.stress.schedule;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * What a scenario builds its state from, for one execution: checked memory, a wait policy whose waits are scheduling
 * points, and the execution's virtual clock.
 */
public interface Memory
{
    /**
     * @param length bytes.
     * @return fresh checked memory (zeroed: fill it to model unknown content).
     */
    AtomicBuffer buffer(int length);

    /**
     * @param timeoutNs the bound of each wait, in virtual time.
     * @return a policy whose idle rounds hand the processor to another thread until a word the waiter read changes
     *     (or time jumps, when every thread waits).
     */
    WaitPolicy waitPolicy(long timeoutNs);

    /** @return the execution's time. */
    VirtualClock clock();
}
