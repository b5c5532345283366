package org.smpboot.runtime.boot;

import java.util.List;

/**
 * The election could not complete, for a reason that no amount of waiting fixes. Thrown in bounded time, never a hang,
 * never a silent double leader. The message is one line naming the case, the CPU, the stage it was in and the words
 * it saw; {@link #cpus()} lists the CPUs the case is about (the dead leader, the dead counted CPUs).
 */
public final class ElectionException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Case
    {
        /**
         * asm_magic_val holds MAGIC1 and no live leader's heartbeat appeared within the liveness timeout of this CPU's
         * arrival: MAGIC1 at reset, MAGIC1 left by an earlier boot that crashed mid-election, or a leader that died
         * before its first heartbeat.
         */
        MAGIC1_WITHOUT_LEADER,
        /** asm_magic_val holds MAGIC2 but no leader published the block: MAGIC2 at reset. */
        MAGIC2_WITHOUT_LEADER,
        /**
         * The block is published, but by a boot that is over: its leader's heartbeat is older than the liveness timeout
         * (or names this very CPU). A finished or crashed boot left this memory; this CPU is not part of it.
         */
        STALE_BOOT,
        /** The leader's heartbeat stopped while this CPU waited on it: the leader is dead. */
        LEADER_DEAD,
        /**
         * The leader: CPUs it counted stopped their heartbeats before they finished arch_init, so running_count can
         * never reach cpu_count. It names them and gives the boot up.
         */
        CPU_DEAD,
        /** The leader gave the boot up (it says why in its own error) while this CPU waited on it. */
        BOOT_ABANDONED
    }

    /** Why the boot stopped. */
    private final Case reason;
    /** The CPUs it names. */
    private final List<Integer> cpus;

    /**
     * @param reason  the case.
     * @param message one line naming the case, the stage and the words seen.
     */
    public ElectionException(final Case reason, final String message)
    {
        this(reason, message, List.of());
    }

    /**
     * @param reason  the case.
     * @param message one line naming the case, the stage and the words seen.
     * @param cpus    the CPUs the case is about.
     */
    public ElectionException(final Case reason, final String message, final List<Integer> cpus)
    {
        super(message);
        this.reason = reason;
        this.cpus = List.copyOf(cpus);
    }

    /** @return the case. */
    public Case reason()
    {
        return reason;
    }

    /** @return the CPUs the case names: the dead leader, the dead counted CPUs; empty when none is known. */
    public List<Integer> cpus()
    {
        return cpus;
    }
}
