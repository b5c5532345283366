package org.smpboot.sim.boot;

import java.util.Arrays;
import java.util.List;

import org.smpboot.sim.hw.SymbolTable;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfSegment;

/**
 * An ELF image as the hardware's jump resolver sees it ({@link SymbolTable}): its function symbols (name, value,
 * size) and its file bytes, read from the segment that holds an address. The loaders (the boot's, the hypervisor's)
 * register their images through it, so that the hardware layer knows no ELF type.
 */
public final class ElfSymbols implements SymbolTable
{
    private final ElfImage image;
    private final List<Function> functions;

    private ElfSymbols(final ElfImage image)
    {
        this.image = image;
        this.functions = image.symbols().stream().filter(s -> s.function())
            .map(s -> new Function(s.name(), s.value(), s.size())).toList();
    }

    /**
     * @param image an ELF image.
     * @return its symbol table.
     */
    public static SymbolTable of(final ElfImage image)
    {
        return new ElfSymbols(image);
    }

    @Override
    public List<Function> functions()
    {
        return functions;
    }

    @Override
    public byte[] bytes(final int address, final int length)
    {
        for (final ElfSegment seg : image.segments())
        {
            final int at = address - seg.vaddr();
            if (seg.contains(address) && at < seg.fileSize())
            {
                final byte[] data = seg.data();
                return Arrays.copyOfRange(data, at, Math.min(data.length, at + length));
            }
        }
        throw new IllegalArgumentException("function at 0x" + Integer.toHexString(address) +
            " lies outside the image's file bytes");
    }
}
