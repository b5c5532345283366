package org.smpboot.sim.hyper;

import java.util.Arrays;

/**
 * The channels of one multi-channel device (IOC, TTY) and the instance owning each. Channels below {@code first}
 * are the hypervisor's (TTY channel 0 is its shell).
 *
 * <p>Thread safety: every method is synchronized.
 */
public final class ChannelPool
{
    private final String device;
    private final int first;
    private final int[] owner;

    /**
     * @param device   how errors name it, such as {@code TTY}.
     * @param channels channels in all.
     * @param first    the first channel instances may have.
     */
    public ChannelPool(final String device, final int channels, final int first)
    {
        this.device = device;
        this.first = first;
        this.owner = new int[channels];
        Arrays.fill(owner, -1);
    }

    /** @return channels in all. */
    public int channels()
    {
        return owner.length;
    }

    /**
     * @param channel  the channel.
     * @param instance who takes it.
     * @throws IllegalArgumentException when it does not exist, is the hypervisor's or is in use.
     */
    public synchronized void claim(final int channel, final int instance)
    {
        if (channel < first || channel >= owner.length)
        {
            throw new IllegalArgumentException(device + " channel " + channel + " does not exist for instances " +
                "(channels " + first + ".." + (owner.length - 1) + ")");
        }
        if (owner[channel] >= 0)
        {
            throw new IllegalArgumentException(device + " channel " + channel + " is in use by instance " +
                owner[channel]);
        }
        owner[channel] = instance;
    }

    /**
     * @param instance who takes it.
     * @return the lowest free channel, now the instance's.
     * @throws IllegalArgumentException when none is free.
     */
    public synchronized int allocate(final int instance)
    {
        for (int c = first; c < owner.length; c++)
        {
            if (owner[c] < 0)
            {
                owner[c] = instance;
                return c;
            }
        }
        throw new IllegalArgumentException("no free " + device + " channel (channels " + first + ".." +
            (owner.length - 1) + " are in use)");
    }

    /**
     * @param channel a channel given back.
     */
    public synchronized void release(final int channel)
    {
        owner[channel] = -1;
    }

    /**
     * @param channel a channel.
     * @return its instance, or -1.
     */
    public synchronized int owner(final int channel)
    {
        return owner[channel];
    }
}
