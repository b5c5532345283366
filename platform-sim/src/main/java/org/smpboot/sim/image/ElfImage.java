package org.smpboot.sim.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ELF32 MIPS executable as the boot sees it: an entry point, PT_LOAD segments and named symbols.
 *
 * @param entry    e_entry.
 * @param segments the PT_LOAD segments in file order.
 * @param symbols  the symbols in table order.
 */
public record ElfImage(int entry, List<ElfSegment> segments, List<ElfSymbol> symbols)
{
    /**
     * Copies the lists.
     *
     * @param entry    e_entry.
     * @param segments the PT_LOAD segments in file order.
     * @param symbols  the symbols in table order.
     */
    public ElfImage
    {
        segments = List.copyOf(segments);
        symbols = List.copyOf(symbols);
    }

    /**
     * @return symbol name to address, in table order; the simulator resolves jump addresses through it.
     */
    public Map<String, Integer> addresses()
    {
        final Map<String, Integer> m = new LinkedHashMap<>();
        symbols.forEach(s -> m.putIfAbsent(s.name(), s.value()));
        return m;
    }

    /**
     * @param name a symbol name.
     * @return its address.
     * @throws IllegalArgumentException when the image has no such symbol.
     */
    public int address(final String name)
    {
        return symbols.stream().filter(s -> s.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no symbol " + name)).value();
    }

    /**
     * @param name a section name such as {@code .kdata}.
     * @return the segment of that name.
     */
    public Optional<ElfSegment> segment(final String name)
    {
        return segments.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
