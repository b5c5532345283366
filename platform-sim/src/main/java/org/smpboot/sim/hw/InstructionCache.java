package org.smpboot.sim.hw;

/**
 * A core's L1 instruction cache: set-associative, physically tagged (a line is known by its machine address, cluster
 * included, so the same code in another cluster is another line), least recently used replacement. TSAR's L1 caches
 * (the {@code vci_cc_vcache_wrapper} of the LETI platform: 4 ways x 64 sets of 64-byte lines, 16 KiB) are the
 * default; the line is the platform's {@code cache_line_size} from arch_info.
 *
 * <p>What it decides is hit or miss: a core that runs a function looks up each of the function's lines, and each miss
 * is a refill, one burst of a line's words from the bank that holds the code ({@link AccessPort#fetch}). The bytes
 * themselves are not kept (a jump checks the code in memory, {@link CodeMap}). Coherence: TSAR's memory caches keep
 * the L1 copies coherent; here a store over code that a cache holds does not invalidate it, which only matters for the
 * cost of code rewritten in place (almos-mk's kernel move lands on the preloader, which no core runs again).
 *
 * <p>Layout: {@code sets x ways} tags (a line's machine address / line size, -1 when empty) and as many ages (a
 * per-cache counter stamped on each use: the smallest age in a set is its least recently used way).
 *
 * <p>Single-threaded: only its core's thread looks lines up.
 */
public final class InstructionCache
{
    /** TSAR's L1 instruction cache: 4 ways. */
    public static final int TSAR_WAYS = 4;
    /** TSAR's L1 instruction cache: 64 sets. */
    public static final int TSAR_SETS = 64;

    private final int lineBytes;
    private final int lineShift;
    private final int sets;
    private final int ways;
    private final long[] tags;
    private final long[] ages;
    private long tick;
    private long hits;
    private long misses;

    /**
     * @param bytes     capacity, a power of two (0: no cache, every line looked up misses).
     * @param ways      associativity, at least 1.
     * @param lineBytes line size, a power of two of at least 4.
     */
    public InstructionCache(final int bytes, final int ways, final int lineBytes)
    {
        if (lineBytes < 4 || Integer.bitCount(lineBytes) != 1)
        {
            throw new IllegalArgumentException("an instruction cache line of " + lineBytes + " bytes: a power of two " +
                "of at least 4");
        }
        if (bytes < 0 || (bytes > 0 && (Integer.bitCount(bytes) != 1 || ways < 1 || bytes < ways * lineBytes ||
            Integer.bitCount(bytes / lineBytes / ways) != 1)))
        {
            throw new IllegalArgumentException("an instruction cache of " + bytes + " bytes in " + ways + " ways of " +
                lineBytes + "-byte lines: the capacity must be a power of two holding a power-of-two number of sets");
        }
        this.lineBytes = lineBytes;
        this.lineShift = Integer.numberOfTrailingZeros(lineBytes);
        this.ways = bytes == 0 ? 0 : ways;
        this.sets = bytes == 0 ? 0 : bytes / lineBytes / ways;
        this.tags = new long[this.sets * this.ways];
        this.ages = new long[this.sets * this.ways];
        java.util.Arrays.fill(tags, -1);
    }

    /**
     * @param lineBytes the platform's cache line.
     * @return TSAR's geometry with that line: 4 ways x 64 sets.
     */
    public static InstructionCache tsar(final int lineBytes)
    {
        return new InstructionCache(TSAR_WAYS * TSAR_SETS * lineBytes, TSAR_WAYS, lineBytes);
    }

    /** @return bytes per line. */
    public int lineBytes()
    {
        return lineBytes;
    }

    /** @return capacity in bytes. */
    public int bytes()
    {
        return sets * ways * lineBytes;
    }

    /** @return associativity. */
    public int ways()
    {
        return ways;
    }

    /**
     * Looks a line up, and on a miss makes it present (evicting the set's least recently used line).
     *
     * @param paddr a machine address in the line.
     * @return true on a hit.
     */
    public boolean access(final long paddr)
    {
        final long line = paddr >>> lineShift;
        tick++;
        if (sets == 0)
        {
            misses++;
            return false;
        }
        final int base = (int)(line & (sets - 1)) * ways;
        int victim = base;
        for (int w = base; w < base + ways; w++)
        {
            if (tags[w] == line)
            {
                ages[w] = tick;
                hits++;
                return true;
            }
            if (ages[w] < ages[victim])
            {
                victim = w;
            }
        }
        tags[victim] = line;
        ages[victim] = tick;
        misses++;
        return false;
    }

    /** Empties the cache (a core restarted by a reset). */
    public void invalidate()
    {
        java.util.Arrays.fill(tags, -1);
        java.util.Arrays.fill(ages, 0);
    }

    /** @return lines looked up and found. */
    public long hits()
    {
        return hits;
    }

    /** @return lines looked up and refilled. */
    public long misses()
    {
        return misses;
    }
}
