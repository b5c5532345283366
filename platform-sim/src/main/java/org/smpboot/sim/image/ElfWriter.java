package org.smpboot.sim.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes an {@link ElfImage} as an ELF32 little-endian MIPS executable (layout in {@link Elf32}).
 * <p>
 * File order: Ehdr (52) | Phdrs | each segment's bytes, 16-aligned | .shstrtab | .strtab | .symtab, 4-aligned |
 * Shdrs, 4-aligned. Sections: 0 null, 1..n one per segment (PROGBITS, or NOBITS for a segment without file bytes;
 * the segment's bss tail is not a separate section), then .symtab, .strtab, .shstrtab. All symbols are global, so
 * .symtab's sh_info (first non-local) is 1. The output depends only on the image: same image, same bytes.
 */
public final class ElfWriter
{
    private static final int SEGMENT_ALIGN = 16;

    private ElfWriter()
    {
    }

    /**
     * @param image the executable.
     * @return its file bytes.
     */
    public static byte[] write(final ElfImage image)
    {
        final List<ElfSegment> segs = image.segments();
        final int n = segs.size();
        int off = Elf32.EHDR_SIZE + n * Elf32.PHDR_SIZE;
        final int[] segOffset = new int[n];
        for (int i = 0; i < n; i++)
        {
            off = align(off, SEGMENT_ALIGN);
            segOffset[i] = off;
            off += segs.get(i).fileSize();
        }
        final StringTable shstr = new StringTable();
        final int[] segName = new int[n];
        for (int i = 0; i < n; i++)
        {
            segName[i] = shstr.add(segs.get(i).name().isEmpty() ? ".seg" + i : segs.get(i).name());
        }
        final int symtabName = shstr.add(".symtab");
        final int strtabName = shstr.add(".strtab");
        final int shstrtabName = shstr.add(".shstrtab");
        final StringTable str = new StringTable();
        final ByteBuffer syms = le(Elf32.SYM_SIZE * (image.symbols().size() + 1));
        syms.position(Elf32.SYM_SIZE); // entry 0 is the null symbol
        for (ElfSymbol s : image.symbols())
        {
            syms.putInt(str.add(s.name())).putInt(s.value()).putInt(s.size())
                .put((byte) (Elf32.STB_GLOBAL << 4 | (s.function() ? Elf32.STT_FUNC : Elf32.STT_OBJECT)))
                .put((byte) 0).putShort((short) sectionOf(segs, s.value()));
        }
        final byte[] shstrBytes = shstr.bytes();
        final byte[] strBytes = str.bytes();
        final int shstrOff = off;
        final int strOff = shstrOff + shstrBytes.length;
        final int symOff = align(strOff + strBytes.length, 4);
        final int shOff = align(symOff + syms.capacity(), 4);
        final int shnum = n + 4;
        final ByteBuffer b = le(shOff + shnum * Elf32.SHDR_SIZE);

        b.put(new byte[] {0x7f, 'E', 'L', 'F', Elf32.ELFCLASS32, Elf32.ELFDATA2LSB, 1});
        b.position(16);
        b.putShort((short) Elf32.ET_EXEC).putShort((short) Elf32.EM_MIPS).putInt(1).putInt(image.entry())
            .putInt(Elf32.EHDR_SIZE).putInt(shOff).putInt(Elf32.MIPS32_FLAGS).putShort((short) Elf32.EHDR_SIZE)
            .putShort((short) Elf32.PHDR_SIZE).putShort((short) n).putShort((short) Elf32.SHDR_SIZE)
            .putShort((short) shnum).putShort((short) (shnum - 1));
        for (int i = 0; i < n; i++)
        {
            final ElfSegment s = segs.get(i);
            b.putInt(Elf32.PT_LOAD).putInt(segOffset[i]).putInt(s.vaddr()).putInt(s.paddr()).putInt(s.fileSize())
                .putInt(s.memSize()).putInt(s.flags()).putInt(SEGMENT_ALIGN);
        }
        for (int i = 0; i < n; i++)
        {
            b.put(segOffset[i], segs.get(i).data());
        }
        b.put(shstrOff, shstrBytes).put(strOff, strBytes).put(symOff, syms.array());

        b.position(shOff + Elf32.SHDR_SIZE); // section 0 is the null section
        for (int i = 0; i < n; i++)
        {
            final ElfSegment s = segs.get(i);
            final int flags = Elf32.SHF_ALLOC | ((s.flags() & Elf32.PF_W) != 0 ? Elf32.SHF_WRITE : 0) |
                ((s.flags() & Elf32.PF_X) != 0 ? Elf32.SHF_EXECINSTR : 0);
            final boolean nobits = s.fileSize() == 0;
            section(b, segName[i], nobits ? Elf32.SHT_NOBITS : Elf32.SHT_PROGBITS, flags, s.vaddr(), segOffset[i],
                nobits ? s.memSize() : s.fileSize(), 0, 0, SEGMENT_ALIGN, 0);
        }
        section(b, symtabName, Elf32.SHT_SYMTAB, 0, 0, symOff, syms.capacity(), n + 2, 1, 4, Elf32.SYM_SIZE);
        section(b, strtabName, Elf32.SHT_STRTAB, 0, 0, strOff, strBytes.length, 0, 0, 1, 0);
        section(b, shstrtabName, Elf32.SHT_STRTAB, 0, 0, shstrOff, shstrBytes.length, 0, 0, 1, 0);
        return b.array();
    }

    private static int sectionOf(final List<ElfSegment> segs, final int address)
    {
        for (int i = 0; i < segs.size(); i++)
        {
            if (segs.get(i).contains(address))
            {
                return i + 1;
            }
        }
        return Elf32.SHN_ABS;
    }

    private static void section(final ByteBuffer b, final int name, final int type, final int flags, final int addr,
        final int offset, final int size, final int link, final int info, final int align, final int entsize)
    {
        b.putInt(name).putInt(type).putInt(flags).putInt(addr).putInt(offset).putInt(size).putInt(link).putInt(info)
            .putInt(align).putInt(entsize);
    }

    static int align(final int value, final int alignment)
    {
        return (value + alignment - 1) & -alignment;
    }

    private static ByteBuffer le(final int size)
    {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** An ELF string table: offset 0 is the empty string, then NUL-terminated names. */
    private static final class StringTable
    {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        StringTable()
        {
            bytes.write(0);
        }

        int add(final String s)
        {
            final int at = bytes.size();
            bytes.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            bytes.write(0);
            return at;
        }

        byte[] bytes()
        {
            return bytes.toByteArray();
        }
    }
}
