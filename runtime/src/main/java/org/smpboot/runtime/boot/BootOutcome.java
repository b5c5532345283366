package org.smpboot.runtime.boot;

/**
 * What one CPU's run of the election boot came to.
 *
 * @param role            leader, follower or late.
 * @param cpu             the CPU.
 * @param bsCpuid         the leader's id as published in bs_cpuid.
 * @param countPosition   the cpu_count value this CPU's increment produced (1 for the leader), -1 when late.
 * @param releasedNanos   {@link System#nanoTime()} (or the builder's {@code clocks}) when the CPU entered its main on
 *                        a start stack, -1 when late.
 * @param leader          the leader's report, null for the others.
 */
public record BootOutcome(Role role, int cpu, long bsCpuid, long countPosition, long releasedNanos, LeaderReport leader)
{
    /**
     * What only the leader knows at the end of arch_init.
     *
     * @param replaced         the value asm_magic_val held when the leader's CAS replaced it (the reset content).
     * @param sealedCount      cpu_count when sealed, leader included.
     * @param expectedCpus     the count the straggler policy expected (0 for none).
     * @param heapUsedAtSeal   bytes the boot had allocated when the count became known: always 0, since the only
     *                         memory used before is the boot block and the fixed arch_init stacks.
     * @param bytesBeforeCount memory the boot needs before the count is known: block plus arch_init stacks.
     * @param initHighWater    most arch_init stacks lent at once.
     * @param startStacks      stacks given to start_stack_pool itself, not to the partitions
     *                         {@link BootHooks#startStackPool} may hand out.
     * @param missingCpus      the expected CPUs that were not counted when the count was sealed (with an
     *                         {@link ArrivalRoll}; empty without one).
     */
    public record LeaderReport(
        long replaced,
        long sealedCount,
        long expectedCpus,
        long heapUsedAtSeal,
        long bytesBeforeCount,
        int initHighWater,
        int startStacks,
        java.util.List<Integer> missingCpus)
    {
        /**
         * Copies the list.
         *
         * @param replaced         the reset content asm_magic_val held.
         * @param sealedCount      cpu_count when sealed.
         * @param expectedCpus     the count the straggler policy expected (0 for none).
         * @param heapUsedAtSeal   bytes allocated when the count became known.
         * @param bytesBeforeCount memory needed before the count is known.
         * @param initHighWater    most arch_init stacks lent at once.
         * @param startStacks      stacks given to start_stack_pool itself.
         * @param missingCpus      the expected CPUs not counted at the seal.
         */
        public LeaderReport
        {
            missingCpus = java.util.List.copyOf(missingCpus);
        }
    }
}
