package org.smpboot.sim.hw;

import java.util.Map;

import org.smpboot.sim.trace.EventKind;

/**
 * A core's stack pointer ({@code $sp}, {@code $29}) and the frames the simulated software pushes and pops through it
 * (DESIGN.md 3.2). The stack pointer is kept with the cluster of the stack it points into, as the software reaches its
 * stack by remote (extended) accesses whatever DATA says (a follower switches DATA to its own cluster while it still
 * runs on an arch_init stack of cluster 0), and with the stack's base, as a stack-limit register (ARMv8-M's
 * {@code MSPLIM}): a frame that would cross it is a stack overflow.
 *
 * <p>At reset, and after {@code stack_pool_terminate_call}, the stack pointer is <em>poisoned</em>: it holds
 * {@link #POISON}, an address in no bank, and any frame pushed or popped through it is a {@link CoreFault} naming the
 * function that tried (seed 002: the entry stack pointer of {@code stack_pool_call} is invalid, and a stackless
 * function must not use the stack).
 *
 * <h2>Frame layout (a frame of {@code bytes} at {@code [sp - bytes, sp)}, the stack growing down, MIPS o32 order)</h2>
 * <pre>
 *  sp - 4    ra        the return address: the calling function's address (the simulator has no instruction pc)
 *  sp - 8    canary    a saved register: {@link #CANARY} ^ gid ^ (sp - bytes); checked when the frame is popped
 *  sp - 12   back      the caller's stack pointer (the back chain a debugger walks)
 *  sp - 16   function  the address of the function whose frame it is
 *  below     locals    the function's locals: reserved, not written
 * </pre>
 * A push is four 32-bit stores of the core, a pop three loads: counted, costed and scheduled as any access of the core
 * ({@link Bus}). A popped frame whose return address, canary or back chain is not what was pushed is a fault: another
 * core wrote this stack (one stack lent to two cores at once).
 *
 * <p>Thread safety: written by the core's own thread only; volatile so that tools read a recent value.
 */
public final class StackRegister
{
    /** What a poisoned stack pointer holds: above every bank's 64 MiB, so it reaches no memory in any cluster. */
    public static final int POISON = 0xDEAD_BEE0;
    /** Mixed into every frame's canary ("STKC"). */
    public static final int CANARY = 0x434B_5453;
    /** Bytes of a frame's saved words; a frame is at least this big. */
    public static final int FRAME_HEADER = 16;

    /**
     * A frame on the stack, as the function that pushed it remembers it (in its registers) until it pops it.
     *
     * @param function the function.
     * @param cxy      the stack's cluster.
     * @param sp       the frame's lowest address: the stack pointer inside the function.
     * @param caller   the stack pointer before the push.
     * @param ra       the return address pushed.
     * @param canary   the canary pushed.
     */
    public record Frame(String function, int cxy, int sp, int caller, int ra, int canary)
    {
    }

    private final Processor core;
    private volatile StackDepths depths = new StackDepths();
    private volatile int cxy;
    private volatile int sp = POISON;
    private volatile int base;
    private volatile int top;
    private volatile String poisonedBy = "reset";

    StackRegister(final Processor core)
    {
        this.core = core;
    }

    /**
     * @param d where the depths of every stack are recorded; set by the machine before the core starts.
     */
    void depths(final StackDepths d)
    {
        this.depths = d;
    }

    /** @return the record of stack depths this core writes to. */
    public StackDepths depths()
    {
        return depths;
    }

    /**
     * The core now runs on the stack {@code [base, base + size)} of cluster {@code cxy}: the stack pointer goes to its
     * top (a draw from a stack pool, or a boot stack the boot-loader assigns).
     *
     * @param cxy  the stack's cluster.
     * @param base its lowest usable address.
     * @param size its usable bytes.
     * @param what where it comes from, for the trace.
     */
    public void use(final int cxy, final int base, final int size, final String what)
    {
        this.cxy = cxy & 0xFF;
        this.base = base;
        this.top = base + size;
        this.sp = top;
        this.poisonedBy = null;
        depths.begin(this.cxy, base, top);
        core.trace(EventKind.STACK, "sp set", Map.of("sp", hex(top), "base", hex(base), "cluster", this.cxy,
            "from", what));
    }

    /**
     * Poisons the stack pointer: the core holds no stack ({@code stack_pool_terminate_call} gave it back).
     *
     * @param by what poisoned it, named in the fault of any later stack access.
     */
    public void poison(final String by)
    {
        this.sp = POISON;
        this.poisonedBy = by;
        core.trace(EventKind.STACK, "sp poisoned", Map.of("sp", hex(POISON), "by", by));
    }

    /** @return the stack pointer: a 32-bit address in {@link #cluster()}, {@link #POISON} while poisoned. */
    public int sp()
    {
        return sp;
    }

    /** @return the cluster of the stack the stack pointer points into. */
    public int cluster()
    {
        return cxy;
    }

    /** @return the current stack's top. */
    public int top()
    {
        return top;
    }

    /** @return the current stack's base (the stack-limit register). */
    public int base()
    {
        return base;
    }

    /** @return whether the stack pointer is poisoned (at reset, or after stack_pool_terminate_call). */
    public boolean poisoned()
    {
        return poisonedBy != null;
    }

    /**
     * Pushes a function's frame: its prologue.
     *
     * @param function        the function, named in faults.
     * @param functionAddress its address, saved in the frame.
     * @param returnAddress   the return address.
     * @param bytes           its frame size (a multiple of 8, at least {@link #FRAME_HEADER}), from its image's
     *                        {@code .frames}.
     * @return the frame, for the pop.
     * @throws CoreFault when the stack pointer is poisoned, or the frame would cross the stack's base.
     */
    public Frame push(final String function, final int functionAddress, final int returnAddress, final int bytes)
    {
        final int at = reserve(function, bytes);
        final int canary = CANARY ^ core.gid() ^ at;
        final Frame f = new Frame(function, cxy, at, sp, returnAddress, canary);
        final Bus bus = core.bus();
        final int s = sp;
        bus.write32(core, PhysicalAddress.of(cxy, s - 4), returnAddress);
        bus.write32(core, PhysicalAddress.of(cxy, s - 8), canary);
        bus.write32(core, PhysicalAddress.of(cxy, s - 12), s);
        bus.write32(core, PhysicalAddress.of(cxy, s - 16), functionAddress);
        sp = at;
        depths.reached(cxy, top, at);
        return f;
    }

    /**
     * Pushes a frame whose top words are the given ones (the first one lowest), never popped: what an entry's prologue
     * leaves at the top of a fresh stack (the boot-loader's marker frame, which the memory maps look for).
     *
     * @param function the function, named in faults.
     * @param bytes    the frame's size, at least the words'.
     * @param words    the words.
     * @throws CoreFault when the stack pointer is poisoned, or the frame would cross the stack's base.
     */
    public void pushWords(final String function, final int bytes, final int... words)
    {
        if (bytes < words.length * Integer.BYTES)
        {
            throw new CoreFault(core, String.format("%s's frame of %d bytes cannot hold its %d saved words", function,
                bytes, words.length));
        }
        final int at = reserve(function, bytes);
        final int first = sp - words.length * Integer.BYTES;
        for (int i = 0; i < words.length; i++)
        {
            core.bus().write32(core, PhysicalAddress.of(cxy, first + i * Integer.BYTES), words[i]);
        }
        sp = at;
        depths.reached(cxy, top, at);
    }

    /**
     * Pops a frame: the function's epilogue. Its saved words are read back through the bus and must be what was pushed.
     *
     * @param f the frame {@link #push} returned.
     * @throws CoreFault when the stack pointer is poisoned, is not the frame's, or the frame was overwritten.
     */
    public void pop(final Frame f)
    {
        if (poisonedBy != null)
        {
            throw poisoned(f.function(), "pop its frame");
        }
        if (sp != f.sp() || cxy != f.cxy())
        {
            throw new CoreFault(core, String.format("%s pops its frame at 0x%08x of cluster 0x%02x, but the stack " +
                "pointer is 0x%08x in cluster 0x%02x", f.function(), f.sp(), f.cxy(), sp, cxy));
        }
        final Bus bus = core.bus();
        final int s = f.caller();
        final int ra = bus.read32(core, PhysicalAddress.of(cxy, s - 4));
        final int canary = bus.read32(core, PhysicalAddress.of(cxy, s - 8));
        final int back = bus.read32(core, PhysicalAddress.of(cxy, s - 12));
        if (ra != f.ra() || canary != f.canary() || back != f.caller())
        {
            throw new CoreFault(core, String.format("stack corrupted: %s's frame at 0x%08x of cluster 0x%02x was " +
                "overwritten (return address 0x%08x, pushed 0x%08x; canary 0x%08x, pushed 0x%08x; back chain 0x%08x, " +
                "pushed 0x%08x): another core wrote this stack (%s)", f.function(), f.sp(), f.cxy(), ra, f.ra(), canary,
                f.canary(), back, f.caller(), whose(canary, f.sp())));
        }
        sp = s;
    }

    private int reserve(final String function, final int bytes)
    {
        if (poisonedBy != null)
        {
            throw poisoned(function, "push a frame of " + bytes + " bytes");
        }
        if (bytes < FRAME_HEADER || (bytes & 7) != 0)
        {
            throw new CoreFault(core, String.format("%s's frame of %d bytes: a frame is a multiple of 8 bytes, at " +
                "least %d", function, bytes, FRAME_HEADER));
        }
        final long at = (sp & 0xFFFF_FFFFL) - bytes;
        if (at < (base & 0xFFFF_FFFFL))
        {
            throw new CoreFault(core, String.format("stack overflow: %s's frame of %d bytes at sp 0x%08x would cross " +
                "the base 0x%08x of its stack [0x%08x, 0x%08x) in cluster 0x%02x (%d bytes left)", function, bytes, sp,
                base, base, top, cxy, sp - base));
        }
        return (int)at;
    }

    private CoreFault poisoned(final String function, final String what)
    {
        return new CoreFault(core, String.format("%s tried to %s through a poisoned stack pointer 0x%08x (%s): it " +
            "runs holding no stack", function, what, POISON, poisonedBy));
    }

    /** @return who the canary found names, when it is a frame canary of another core at the same place. */
    private String whose(final int canary, final int at)
    {
        final int gid = canary ^ CANARY ^ at;
        return gid != core.gid() && gid >= 0 && gid < 1 << 16 ?
            String.format("its canary is core gid 0x%03x's: one stack lent to two cores at once", gid) :
            "one stack lent to two cores at once, or a write through a stray pointer";
    }

    private static String hex(final int value)
    {
        return String.format("0x%08x", value);
    }

    @Override
    public String toString()
    {
        return poisonedBy != null ? String.format("sp poisoned (%s)", poisonedBy) :
            String.format("sp 0x%08x in [0x%08x, 0x%08x) of cluster 0x%02x", sp, base, top, cxy);
    }
}
