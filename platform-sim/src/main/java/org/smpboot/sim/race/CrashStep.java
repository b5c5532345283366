package org.smpboot.sim.race;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where fault injection halts the leader's process ({@code race --crash-leader-at STEP}): each step of the leader's
 * part of the seed-002 boot in turn, from its election to its main. The process halts (exit status {@link #EXIT})
 * without a word, as a processor that stops: no shutdown hook, no flush.
 */
public enum CrashStep
{
    /** After its CAS to MAGIC1 and its first heartbeat, before it publishes the block with MAGIC2. */
    BEFORE_MAGIC2("before-magic2", "after its CAS and first heartbeat, before MAGIC2"),
    /** After MAGIC2, in arch_init's first step. */
    INIT_MEMORY("init-memory", "after MAGIC2, initialising memory"),
    /** In arch_init, initialising its CPU. */
    INIT_CPU("init-cpu", "initialising its CPU"),
    /** In arch_init, initialising the globals. */
    INIT_GLOBALS("init-globals", "initialising the globals"),
    /** In arch_init, initialising its scheduler. */
    INIT_SCHEDULER("init-scheduler", "initialising its scheduler, before start_bar"),
    /**
     * After start_bar, while it waits for running_count == cpu_count (the followers hold their arch_init stacks
     * {@link #SEAL_WAIT_HOLD_MS} ms longer, so that the leader is surely waiting).
     */
    SEAL_WAIT("seal-wait", "after start_bar, waiting for running_count == cpu_count"),
    /** After the seal, before it gives start_stack_pool its stacks. */
    START_STACKS("start-stacks", "after the seal, before start_stack_pool gets its stacks"),
    /** On its start stack, once the boot is done. */
    MAIN("main", "in its main, once every start stack is given");

    /** Exit status of a process halted by the injection. */
    public static final int EXIT = 86;
    /** How long followers hold their arch_init stacks in {@link #SEAL_WAIT}. */
    public static final long SEAL_WAIT_HOLD_MS = 300;

    private final String text;
    private final String description;

    CrashStep(final String text, final String description)
    {
        this.text = text;
        this.description = description;
    }

    /** @return the name on the command line ("start-stacks"). */
    public String text()
    {
        return text;
    }

    /** @return when the leader halts, in words. */
    public String description()
    {
        return description;
    }

    /**
     * @param text a step's name.
     * @return the step.
     * @throws IllegalArgumentException listing the steps when the name is none of them.
     */
    public static CrashStep parse(final String text)
    {
        for (final CrashStep s : values())
        {
            if (s.text.equals(text.trim().toLowerCase(Locale.ROOT)))
            {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown step '" + text + "' for --crash-leader-at: expected one of " +
            Arrays.stream(values()).map(CrashStep::text).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString()
    {
        return text;
    }
}
