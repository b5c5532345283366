package org.smpboot.stress.schedule;

/**
 * Something to check under every schedule: a few threads over checked memory, and the invariants their ending must
 * satisfy. The explorer builds a fresh {@link Instance} for each execution.
 */
public interface Scenario
{
    /** @return the scenario's name in reports ("election, 3 CPUs, fill 5a"). */
    String name();

    /** @return threads each execution runs (at most {@link Execution#MAX_THREADS}). */
    int threads();

    /**
     * @return true when the threads share nothing but checked memory (no plain Java field one writes and another
     *     reads): then the explorer may prune a prefix that reaches an explored state, since the memory and what each
     *     thread read determine the rest.
     */
    default boolean sharesOnlyCheckedMemory()
    {
        return true;
    }

    /**
     * @param memory the execution's memory, wait policy and clock.
     * @return a fresh state; must be deterministic (same memory content, same code paths).
     */
    Instance newInstance(Memory memory);

    /** One execution's state. */
    interface Instance
    {
        /**
         * @param thread a thread.
         * @return its name in traces ("cpu 1").
         */
        default String threadName(final int thread)
        {
            return "thread " + thread;
        }

        /**
         * The body of a thread; what it throws is its ending.
         *
         * @param thread the thread.
         * @throws Exception as the code under check throws.
         */
        void run(int thread) throws Exception;

        /**
         * Checks the invariants once every thread ended (or the execution was cut short), on the explorer's thread.
         *
         * @param ending how each thread ended.
         * @return null when they hold, else one line saying what broke.
         */
        String check(Ending ending);

        /**
         * @param index a byte offset of the checked memory.
         * @return its name in traces ("asm_magic_val"), or null.
         */
        default String describe(final int index)
        {
            return null;
        }
    }
}
