package org.smpboot.sim.image;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An ELF32 MIPS executable as the boot sees it: an entry point, PT_LOAD segments and named symbols. Immutable; a value
 * (equal when entry, segments and symbols are). The symbols are indexed by name once, because the simulated software
 * resolves its data symbols on every access to a shared structure (the roster's bitmaps, per core and per cluster).
 */
public final class ElfImage
{
    private final int entry;
    private final List<ElfSegment> segments;
    private final List<ElfSymbol> symbols;
    /** The first symbol of each name, in table order (as {@link #address} resolves it). */
    private final Map<String, ElfSymbol> byName = new HashMap<>();

    /**
     * Copies the lists.
     *
     * @param entry    e_entry.
     * @param segments the PT_LOAD segments in file order.
     * @param symbols  the symbols in table order.
     */
    public ElfImage(final int entry, final List<ElfSegment> segments, final List<ElfSymbol> symbols)
    {
        this.entry = entry;
        this.segments = List.copyOf(segments);
        this.symbols = List.copyOf(symbols);
        this.symbols.forEach(s -> byName.putIfAbsent(s.name(), s));
    }

    /** @return e_entry. */
    public int entry()
    {
        return entry;
    }

    /** @return the PT_LOAD segments in file order. */
    public List<ElfSegment> segments()
    {
        return segments;
    }

    /** @return the symbols in table order. */
    public List<ElfSymbol> symbols()
    {
        return symbols;
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
        final ElfSymbol s = byName.get(name);
        if (s == null)
        {
            throw new IllegalArgumentException("no symbol " + name);
        }
        return s.value();
    }

    /**
     * @param name a section name such as {@code .kdata}.
     * @return the segment of that name.
     */
    public Optional<ElfSegment> segment(final String name)
    {
        return segments.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof ElfImage e && entry == e.entry && segments.equals(e.segments) && symbols.equals(e.symbols);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(entry, segments, symbols);
    }

    @Override
    public String toString()
    {
        return "ElfImage[entry=" + entry + ", segments=" + segments + ", symbols=" + symbols + "]";
    }
}
