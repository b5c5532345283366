package org.smpboot.sim.driver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.StackRegister;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfSymbol;
import org.smpboot.sim.image.FrameTable;

/**
 * The prologue and epilogue of the simulated software's functions: a function entered pushes its frame on the core's
 * stack ({@link StackRegister#push}) and pops it on return. The frame's size is read, through the bus, from the
 * {@code .frames} table ({@link FrameTable}) of the image the core runs, in the cluster it fetches code from (its
 * INSTRUCTION register): one 64-bit load of the function's entry, whose slot is a link-time constant (as the
 * immediate of a real prologue is), checked against the function's link address.
 *
 * <p>Addresses are the image's run addresses: link addresses minus {@code shift} (almos-mk's kernel runs 0x4000
 * below its link addresses).
 */
public final class CallFrames
{
    private final String image;
    private final int table;
    private final int shift;
    private final Map<String, Integer> addresses = new HashMap<>();
    private final Map<String, Integer> slots = new HashMap<>();

    private CallFrames(final String image, final int table, final int shift)
    {
        this.image = image;
        this.table = table;
        this.shift = shift;
    }

    /**
     * @param name  the image's name in faults ({@code boot.elf}).
     * @param image the image, whose symbols (and the order of its {@code .frames} entries) the code is linked with.
     * @param shift link address minus run address.
     * @return its functions' prologues.
     */
    public static CallFrames of(final String name, final ElfImage image, final int shift)
    {
        final CallFrames f = new CallFrames(name, image.address(FrameTable.SYMBOL) - shift, shift);
        final Map<Integer, String> byAddress = new HashMap<>();
        for (final ElfSymbol s : image.symbols())
        {
            if (s.function())
            {
                f.addresses.put(s.name(), s.value() - shift);
                byAddress.putIfAbsent(s.value(), s.name());
            }
        }
        // the slots only: which entry holds which function is what a linker resolves; the sizes stay in the image
        final List<FrameTable.Entry> entries = FrameTable.of(image);
        for (int i = 0; i < entries.size(); i++)
        {
            final String fn = byAddress.get(entries.get(i).function());
            if (fn != null)
            {
                f.slots.put(fn, i);
            }
        }
        return f;
    }

    /**
     * The function's prologue: reads its frame size from {@code .frames} in the core's code cluster and pushes its
     * frame, whose return address is the function running now.
     *
     * @param core     the core, on a stack.
     * @param function the function entered.
     * @return the frame, for {@link #leave}.
     * @throws CoreFault when the function has no entry, the entry in memory is not the function's, the stack pointer is
     *                   poisoned or the frame overflows the stack.
     */
    public StackRegister.Frame enter(final Processor core, final String function)
    {
        // the size first: it names a function without an entry, where unboxing its missing address would not
        final int bytes = frameBytes(core, function);
        return core.stack().push(function, addresses.get(function), core.pc(), bytes);
    }

    /**
     * An entry's prologue on a fresh stack, never popped: a frame of the function's size whose top words are
     * {@code words} ({@link StackRegister#pushWords}).
     *
     * @param core     the core, on a fresh stack.
     * @param function the function entered.
     * @param words    the words it saves.
     */
    public void enterWith(final Processor core, final String function, final int... words)
    {
        core.stack().pushWords(function, frameBytes(core, function), words);
    }

    private int frameBytes(final Processor core, final String function)
    {
        final Integer slot = slots.get(function);
        final Integer address = addresses.get(function);
        if (slot == null || address == null)
        {
            throw new CoreFault(core, function + " has no entry in the .frames table of " + image);
        }
        final int at = table + FrameTable.HEADER + slot * FrameTable.ENTRY;
        final long entry = core.bus().read64(core, PhysicalAddress.of(core.instExt(), at));
        // the table holds link addresses
        if ((int)entry != address + shift)
        {
            throw new CoreFault(core, String.format(".frames of %s in cluster 0x%02x: entry %d at 0x%08x names " +
                "0x%08x, not %s at 0x%08x (the image there is not the one the code was linked with)", image,
                core.instExt(), slot, at, (int)entry, function, address + shift));
        }
        return (int)(entry >>> 32);
    }

    /**
     * The function's epilogue: pops its frame, checking what it pushed.
     *
     * @param core  the core.
     * @param frame what {@link #enter} returned.
     */
    public void leave(final Processor core, final StackRegister.Frame frame)
    {
        core.stack().pop(frame);
    }

    /**
     * @param function a function of the image.
     * @return its run address.
     */
    public int address(final String function)
    {
        final Integer a = addresses.get(function);
        if (a == null)
        {
            throw new IllegalArgumentException("no function " + function + " in " + image);
        }
        return a;
    }
}
