package org.smpboot.sim.hw;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Resolves jumps: a core jumping to a 32-bit address lands on a function symbol of a registered program (a
 * {@link SymbolTable}: the loaders adapt their ELF images to it), and runs the Java {@link CodeEntry} bound to that
 * symbol's name.
 *
 * <p>A jump is honest about memory: the code must really be at {@code INSTRUCTION << 32 | address}. The resolver
 * compares the first bytes of the function in the image with the bytes in that cluster's RAM; a cluster into which
 * the code was never copied holds the reset fill there, and the jump is a fault that says so. A jump to an address
 * where no function starts is a fault naming the address.
 *
 * <p>A jump that lands runs the function: its code, {@code size} bytes from its address (its symbol's size), goes
 * through the core's L1 instruction cache, and each line the cache misses is fetched from the bank the INSTRUCTION
 * register points at ({@link AccessPort#fetch}): a core that runs the boot-loader from cluster 0 loads cluster 0's
 * bank until it runs its local copy.
 */
public final class CodeMap
{
    /** Bytes compared between image and memory at each jump: one cache line's worth of instructions. */
    static final int PROBE = 16;

    /**
     * A resolved jump.
     *
     * @param image   the image's name.
     * @param symbol  the function.
     * @param address where it runs (32-bit local address).
     * @param size    its bytes: the code a core is executing while it runs the function.
     * @param entry   its behaviour.
     * @param cxy     the machine cluster the code was fetched from (the INSTRUCTION cluster, after the core's HAT).
     */
    public record Resolved(String image, String symbol, int address, int size, CodeEntry entry, int cxy)
    {
    }

    private record Function(String image, SymbolTable.Function symbol, int address, byte[] probe)
    {
    }

    private final Bus bus;
    private final List<String> images = new CopyOnWriteArrayList<>();
    private final Map<Integer, List<Function>> functions = new ConcurrentHashMap<>();
    private final Map<String, CodeEntry> bindings = new ConcurrentHashMap<>();

    /**
     * @param bus where the code must be.
     */
    public CodeMap(final Bus bus)
    {
        this.bus = bus;
    }

    /**
     * Makes an image's functions jump targets. Registering does not load anything: the software loads the bytes.
     *
     * @param name  how faults name it, such as {@code boot.elf}.
     * @param image the image.
     */
    public void register(final String name, final SymbolTable image)
    {
        register(name, image, 0);
    }

    /**
     * Makes an image's functions jump targets at {@code shift} bytes below their link addresses: the almos-mk kernel,
     * linked at 0x4000 and moved to 0x0 by the boot-loader, runs 0x4000 below them.
     *
     * @param name  how faults name it.
     * @param image the image.
     * @param shift link address minus run address.
     */
    public void register(final String name, final SymbolTable image, final int shift)
    {
        images.add(name);
        for (final SymbolTable.Function s : image.functions())
        {
            final byte[] probe = image.bytes(s.address(), PROBE);
            final int at = s.address() - shift;
            bus.codeRanges().add(at & 0xFFFF_FFFFL, (at & 0xFFFF_FFFFL) + s.size());
            functions.computeIfAbsent(at, k -> new CopyOnWriteArrayList<>()).add(new Function(name, s, at, probe));
        }
    }

    /**
     * @param symbol a function name.
     * @param entry  what a core does when it jumps there.
     */
    public void bind(final String symbol, final CodeEntry entry)
    {
        bindings.put(symbol, entry);
    }

    /**
     * @param symbol a function name.
     * @return what a core does when it jumps there, or null when nothing is bound.
     */
    public CodeEntry binding(final String symbol)
    {
        return bindings.get(symbol);
    }

    /**
     * @param core    the jumping core.
     * @param address the 32-bit target.
     * @return the function and its behaviour.
     * @throws CoreFault when no function starts there, its code is not in the core's INSTRUCTION cluster, or no
     * behaviour is bound to it.
     */
    public Resolved resolve(final Processor core, final int address)
    {
        final AddressSpace space = core.space();
        final long paddr = space == null ? PhysicalAddress.of(core.instExt(), address) :
            space.translate(core, "fetch", PhysicalAddress.of(core.instExt(), address), PROBE);
        final List<Function> candidates = functions.get(address);
        if (candidates == null)
        {
            throw new CoreFault(core, String.format("jump to unknown address 0x%08x (physical %s): no function of %s " +
                "starts there", address, PhysicalAddress.format(paddr), images.isEmpty() ? "any image" : images));
        }
        final byte[] found = memory(paddr);
        final List<String> absent = new ArrayList<>();
        for (final Function f : candidates)
        {
            if (found != null && java.util.Arrays.equals(found, 0, f.probe.length, f.probe, 0, f.probe.length))
            {
                final CodeEntry e = bindings.get(f.symbol.name());
                if (e == null)
                {
                    throw new CoreFault(core, "jump to " + f.symbol.name() + " of " + f.image +
                        ": no behaviour is bound to that function");
                }
                // running the function fetches its code through the core's L1 instruction cache
                bus.fetch(core, paddr, Math.max(1, f.symbol.size()));
                return new Resolved(f.image, f.symbol.name(), f.address, f.symbol.size(), e,
                    PhysicalAddress.cxy(paddr));
            }
            absent.add(f.symbol.name() + " of " + f.image);
        }
        bus.fetch(core, paddr, PROBE);
        throw new CoreFault(core, String.format("jump to 0x%08x (%s) in cluster 0x%02x, where that code is not " +
            "loaded (memory holds %s)", address, String.join(", ", absent), core.instExt(),
            found == null ? "no RAM or untouched reset fill" : HexFormat.of().formatHex(found)));
    }

    /**
     * A call, within the code a core runs, to another function of the same image (a helper that the Java behaviour of
     * the calling function does inline): no trampoline and no check of memory (the caller's own code is there, and so
     * is the image's), but its code, {@code size} bytes from its address, goes through the core's L1 instruction cache
     * from the INSTRUCTION cluster, as running it would.
     *
     * @param core   the calling core, running a function of a registered image.
     * @param symbol the function called.
     * @throws CoreFault when the core runs no registered function, or its image has no such function.
     */
    public void call(final Processor core, final String symbol)
    {
        final Resolved from = core.executing();
        final String image = from == null ? null : from.image();
        for (final List<Function> list : functions.values())
        {
            for (final Function f : list)
            {
                if (f.symbol.name().equals(symbol) && f.image.equals(image))
                {
                    final AddressSpace space = core.space();
                    final long at = PhysicalAddress.of(core.instExt(), f.address);
                    final long paddr = space == null ? at : space.translate(core, "fetch", at, PROBE);
                    bus.fetch(core, paddr, Math.max(1, f.symbol.size()));
                    return;
                }
            }
        }
        throw new CoreFault(core, "call to " + symbol + ": no such function in " +
            (image == null ? "the code the core runs (it runs none)" : image));
    }

    private byte[] memory(final long paddr)
    {
        final Bank b = bus.bank(PhysicalAddress.cxy(paddr));
        final long off = PhysicalAddress.offset(paddr);
        if (b == null || !b.contains(off, PROBE) || !b.isResident((int)(off >>> Bank.PAGE_SHIFT)))
        {
            return null;
        }
        final UnsafeBuffer w = b.window((int)off, PROBE);
        final byte[] bytes = new byte[PROBE];
        w.getBytes(0, bytes);
        return bytes;
    }
}
