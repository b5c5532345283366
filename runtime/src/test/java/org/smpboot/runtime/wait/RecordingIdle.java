package org.smpboot.runtime.wait;

import java.util.List;

import org.agrona.concurrent.IdleStrategy;

/** An idle strategy for tests that writes each call it gets into a list: "idle(N)", "idle", "reset". */
class RecordingIdle implements IdleStrategy
{
    private final List<String> calls;
    private final String alias;

    /**
     * @param calls where the calls go.
     * @param alias what {@link #alias()} answers.
     */
    RecordingIdle(final List<String> calls, final String alias)
    {
        this.calls = calls;
        this.alias = alias;
    }

    @Override
    public void idle(final int workCount)
    {
        calls.add("idle(" + workCount + ")");
    }

    @Override
    public void idle()
    {
        calls.add("idle");
    }

    @Override
    public void reset()
    {
        calls.add("reset");
    }

    @Override
    public String alias()
    {
        return alias;
    }
}
