package org.smpboot.sim.fault;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The faults the simulator can inject, by their command-line names, with the arguments each takes and what the boot
 * does about it (README "Faults" has the same table).
 */
public enum FaultKind
{
    /** A core that never leaves reset: its thread is never started. */
    DEAD_CORE("dead-core", "GID", "the boot completes without it, named (tsar: core[0][0] dead fails the boot)"),
    /** Every core of a cluster never leaves reset. */
    DEAD_CLUSTER("dead-cluster", "CXY", "the boot completes without the cluster, named (tsar: not the boot cluster)"),
    /** A core that never sees its wake-up IPI (its XCU output never reaches it; tsar flavor). */
    LOST_IPI("lost-ipi", "GID", "the core (a CP0: its cluster) misses its wake-up deadline and is left out"),
    /** A core that pauses at every step of its boot. */
    SLOW_CORE("slow-core", "GID:MS", "the boot completes; a core that misses its wake-up deadline is left out, named"),
    /** A cluster whose memory bank answers every access with a bus error. */
    BAD_BANK("bad-bank", "CXY", "the cluster fails its self-test and is left out (the boot cluster: the boot fails)"),
    /** arch_info.bin on the disk with one byte XORed. */
    CORRUPT_ARCH_INFO("corrupt-archinfo", "OFFSET[:XOR]", "the boot fails naming arch_info.bin, or completes when " +
        "the byte does not matter"),
    /** A core that leaves reset only once the elected leader has sealed cpu_count (elected flavor). */
    LATE_CORE("late-core", "GID", "elected: it arrives after cpu_count is sealed: LATE, named, it halts with no " +
        "stack; the boot completes without it (its cluster too when it is a CP0; the boot cluster's CP0: the boot fails)"),
    /** A core that stops dead (no fault, no further access) when it begins a step whose name contains STEP. */
    KILL_CORE("kill-core", "GID[:STEP]", "the boot fails naming the wait the dead core never ends (default step: " +
        "arch_init in the elected flavor, local_barrier in tsar)");

    private final String cliName;
    private final String args;
    private final String outcome;

    FaultKind(final String cliName, final String args, final String outcome)
    {
        this.cliName = cliName;
        this.args = args;
        this.outcome = outcome;
    }

    /** @return the name in {@code --fault KIND:ARGS}. */
    public String cliName()
    {
        return cliName;
    }

    /** @return the arguments, as the help shows them. */
    public String args()
    {
        return args;
    }

    /** @return what the boot does about it. */
    public String outcome()
    {
        return outcome;
    }

    /**
     * @param name a command-line name.
     * @return the kind.
     * @throws IllegalArgumentException naming the known kinds.
     */
    public static FaultKind of(final String name)
    {
        for (final FaultKind k : values())
        {
            if (k.cliName.equals(name.toLowerCase(Locale.ROOT)))
            {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + name + "', expected one of " + names());
    }

    /** @return every kind as KIND:ARGS, comma-separated. */
    public static String names()
    {
        return Arrays.stream(values()).map(k -> k.cliName + ":" + k.args).collect(Collectors.joining(", "));
    }
}
