package org.smpboot.sim.hw;

/**
 * What an access does to its target, as the counters tell them apart. The MMC's instrumentation counts reads,
 * writes and ll/sc/cas; here every read-modify-write (compare-and-swap, fetch-and-add) is one {@link #ATOMIC}, and
 * an instruction fetch (a jump reading the code it lands on) is a {@link #FETCH}. These four reach the bank; a
 * {@link #DEVICE} access reads or writes a device register of the target cluster and never reaches its bank.
 */
public enum AccessKind
{
    /** A load from memory. */
    READ,
    /** A store to memory. */
    WRITE,
    /** A read-modify-write (ll/sc, CAS, atomic add). */
    ATOMIC,
    /** An instruction fetch (a line refill of the instruction cache). */
    FETCH,
    /** A load or store to a device register. */
    DEVICE;

    /** How many kinds there are, the stride of count arrays. */
    public static final int COUNT = values().length;
    /** The kinds that reach a bank: the first four ordinals. */
    public static final int MEMORY_KINDS = 4;
    private static final AccessKind[] VALUES = values();

    /**
     * @param ordinal an ordinal.
     * @return the kind.
     */
    public static AccessKind of(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
