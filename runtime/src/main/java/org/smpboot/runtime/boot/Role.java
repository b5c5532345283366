package org.smpboot.runtime.boot;

/** What a CPU became in the election boot. */
public enum Role
{
    /** Won the CAS to MAGIC1 (the seed's "chef"); its id is bs_cpuid. */
    LEADER,
    /** Counted itself in cpu_count before the seal, was waited for, and drew its stacks. */
    FOLLOWER,
    /** Arrived after the seal: not counted, drew no stack. */
    LATE
}
