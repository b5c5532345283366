package org.smpboot.sim.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an ELF32 little-endian MIPS executable (layout in {@link Elf32}) into an {@link ElfImage}: PT_LOAD segments,
 * named after the allocated section at the same address, and the global and local symbols of .symtab that have a
 * name. Every check that fails throws an {@link ImageFormatException} naming the field and its byte offset.
 * Bytes after the last table are ignored, so an ELF read raw from disk blocks (zero padded) reads the same.
 */
public final class ElfReader
{
    private final ByteBuffer b;

    private ElfReader(final byte[] file)
    {
        b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param file the file bytes, possibly followed by padding.
     * @return the executable.
     * @throws ImageFormatException when the bytes are not an ELF32 little-endian MIPS executable.
     */
    public static ElfImage read(final byte[] file)
    {
        return new ElfReader(file).image();
    }

    /**
     * @param file the file bytes, possibly followed by padding.
     * @return the bytes the ELF file occupies: the end of its last header table, section or segment.
     */
    public static int extent(final byte[] file)
    {
        read(file);
        final ElfReader r = new ElfReader(file);
        long end = Elf32.EHDR_SIZE;
        final long phoff = r.u32(28);
        final long shoff = r.u32(32);
        final int phnum = r.u16(44);
        final int shnum = r.u16(48);
        end = Math.max(end, phoff + (long) phnum * Elf32.PHDR_SIZE);
        for (int i = 0; i < phnum; i++)
        {
            final int at = (int) phoff + i * Elf32.PHDR_SIZE;
            end = Math.max(end, r.u32(at + 4) + r.u32(at + 16));
        }
        if (shoff != 0)
        {
            end = Math.max(end, shoff + (long) shnum * Elf32.SHDR_SIZE);
            if (shoff + (long) shnum * Elf32.SHDR_SIZE > file.length)
            {
                throw new ImageFormatException("section headers (e_shoff " + shoff + ", e_shnum " + shnum +
                    ") end beyond the " + file.length + " bytes there are");
            }
            for (int i = 0; i < shnum; i++)
            {
                final int at = (int) shoff + i * Elf32.SHDR_SIZE;
                if (r.u32(at + 4) != Elf32.SHT_NOBITS)
                {
                    end = Math.max(end, r.u32(at + 16) + r.u32(at + 20));
                }
            }
        }
        if (end > file.length)
        {
            throw new ImageFormatException("the headers place bytes up to " + end + ", beyond the " + file.length +
                " bytes there are (e_phoff " + phoff + ", e_phnum " + phnum + ", e_shoff " + shoff + ", e_shnum " +
                shnum + ")");
        }
        return (int) end;
    }

    private ElfImage image()
    {
        if (b.capacity() < Elf32.EHDR_SIZE)
        {
            throw new ImageFormatException("ELF header truncated: file has " + b.capacity() + " bytes, e_ident at byte 0 " +
                "starts a 52-byte header");
        }
        if (b.getInt(0) != 0x464c457f)
        {
            throw new ImageFormatException(String.format("bad ELF magic at byte 0: %02x %02x %02x %02x, expected 7f 45 4c 46",
                b.get(0), b.get(1), b.get(2), b.get(3)));
        }
        expect("e_ident[EI_CLASS]", 4, u8(4), Elf32.ELFCLASS32, "1 (ELFCLASS32)");
        expect("e_ident[EI_DATA]", 5, u8(5), Elf32.ELFDATA2LSB, "1 (ELFDATA2LSB, little-endian)");
        expect("e_ident[EI_VERSION]", 6, u8(6), 1, "1");
        expect("e_type", 16, u16(16), Elf32.ET_EXEC, "2 (ET_EXEC)");
        expect("e_machine", 18, u16(18), Elf32.EM_MIPS, "8 (EM_MIPS)");
        final int phnum = u16(44);
        if (phnum > 0)
        {
            expect("e_phentsize", 42, u16(42), Elf32.PHDR_SIZE, "32");
        }
        final long phoff = u32(28);
        table("program header table", "e_phoff", 28, phoff, phnum, Elf32.PHDR_SIZE);
        final List<ElfSegment> segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++)
        {
            final int at = (int) phoff + i * Elf32.PHDR_SIZE;
            if (u32(at) != Elf32.PT_LOAD)
            {
                continue;
            }
            final long offset = u32(at + 4);
            final long filesz = u32(at + 16);
            final long memsz = u32(at + 20);
            if (offset + filesz > b.capacity())
            {
                throw new ImageFormatException(String.format("segment %d outside the file: p_offset 0x%x + p_filesz 0x%x " +
                    "> file size 0x%x (program header at byte %d)", i, offset, filesz, b.capacity(), at));
            }
            if (filesz > memsz)
            {
                throw new ImageFormatException(String.format("segment %d: p_filesz 0x%x > p_memsz 0x%x (program header " +
                    "at byte %d)", i, filesz, memsz, at));
            }
            final byte[] data = new byte[(int) filesz];
            b.get((int) offset, data);
            final int vaddr = b.getInt(at + 8);
            segments.add(new ElfSegment("", vaddr, b.getInt(at + 12), b.getInt(at + 24), data, (int) memsz));
        }
        // sections after segments: a truncated file is first reported by what a loader needs, its segments
        final Sections sections = sections();
        segments.replaceAll(g -> new ElfSegment(sections.nameAt(g.vaddr()), g.vaddr(), g.paddr(), g.flags(), g.data(),
            g.memSize()));
        return new ElfImage(b.getInt(24), segments, sections.symbols);
    }

    /** The section table's facts a reader needs: allocated sections' names by address, and the symbols. */
    private static final class Sections
    {
        final List<long[]> alloc = new ArrayList<>(); // {address, index}
        final List<String> allocNames = new ArrayList<>();
        final List<ElfSymbol> symbols = new ArrayList<>();

        String nameAt(final int address)
        {
            for (int i = 0; i < alloc.size(); i++)
            {
                if (alloc.get(i)[0] == Integer.toUnsignedLong(address))
                {
                    return allocNames.get(i);
                }
            }
            return "";
        }
    }

    private Sections sections()
    {
        final Sections s = new Sections();
        final long shoff = u32(32);
        final int shnum = u16(48);
        if (shoff == 0 || shnum == 0)
        {
            return s;
        }
        expect("e_shentsize", 46, u16(46), Elf32.SHDR_SIZE, "40");
        table("section header table", "e_shoff", 32, shoff, shnum, Elf32.SHDR_SIZE);
        final int shstrndx = u16(50);
        if (shstrndx >= shnum)
        {
            throw new ImageFormatException("e_shstrndx " + shstrndx + " >= e_shnum " + shnum + " (byte 50)");
        }
        final int shstr = (int) shoff + shstrndx * Elf32.SHDR_SIZE;
        for (int i = 1; i < shnum; i++)
        {
            final int at = (int) shoff + i * Elf32.SHDR_SIZE;
            final int type = b.getInt(at + 4);
            if (type != Elf32.SHT_NOBITS)
            {
                contents(i, at);
            }
            if ((b.getInt(at + 8) & Elf32.SHF_ALLOC) != 0)
            {
                s.alloc.add(new long[] {u32(at + 12), i});
                s.allocNames.add(string(shstr, b.getInt(at)));
            }
            if (type == Elf32.SHT_SYMTAB)
            {
                final int link = b.getInt(at + 24);
                if (link <= 0 || link >= shnum)
                {
                    throw new ImageFormatException("symbol table section " + i + ": sh_link " + link +
                        " is not a section (byte " + (at + 24) + ")");
                }
                final int strtab = (int) shoff + link * Elf32.SHDR_SIZE;
                contents(link, strtab);
                final int first = (int) u32(at + 16);
                final int count = (int) (u32(at + 20) / Elf32.SYM_SIZE);
                for (int k = 1; k < count; k++)
                {
                    final int sym = first + k * Elf32.SYM_SIZE;
                    final String name = string(strtab, b.getInt(sym));
                    final int symType = u8(sym + 12) & 0xf;
                    if (!name.isEmpty() && (symType == Elf32.STT_FUNC || symType == Elf32.STT_OBJECT ||
                        symType == 0))
                    {
                        s.symbols.add(new ElfSymbol(name, b.getInt(sym + 4), b.getInt(sym + 8),
                            symType == Elf32.STT_FUNC));
                    }
                }
            }
        }
        return s;
    }

    private void contents(final int index, final int header)
    {
        final long offset = u32(header + 16);
        final long size = u32(header + 20);
        if (offset + size > b.capacity())
        {
            throw new ImageFormatException(String.format("section %d outside the file: sh_offset 0x%x + sh_size 0x%x > " +
                "file size 0x%x (section header at byte %d)", index, offset, size, b.capacity(), header));
        }
    }

    private String string(final int tableHeader, final int offset)
    {
        final long start = u32(tableHeader + 16);
        final long size = u32(tableHeader + 20);
        if (Integer.toUnsignedLong(offset) >= size)
        {
            throw new ImageFormatException(String.format("name offset %d outside its string table of %d bytes " +
                "(table at byte %d)", Integer.toUnsignedLong(offset), size, start));
        }
        int end = (int) (start + offset);
        while (end < start + size && b.get(end) != 0)
        {
            end++;
        }
        final byte[] s = new byte[end - (int) (start + offset)];
        b.get((int) (start + offset), s);
        return new String(s, StandardCharsets.US_ASCII);
    }

    private void table(final String what, final String field, final int fieldOffset, final long offset, final int count,
        final int entry)
    {
        if (offset + (long) count * entry > b.capacity())
        {
            throw new ImageFormatException(String.format("%s truncated: %s 0x%x + %d x %d bytes > file size 0x%x " +
                "(%s at byte %d)", what, field, offset, count, entry, b.capacity(), field, fieldOffset));
        }
    }

    private static void expect(final String field, final int offset, final int actual, final int expected,
        final String meaning)
    {
        if (actual != expected)
        {
            throw new ImageFormatException(field + " at byte " + offset + " is " + actual + ", expected " + meaning);
        }
    }

    private int u8(final int at)
    {
        return b.get(at) & 0xff;
    }

    private int u16(final int at)
    {
        return b.getShort(at) & 0xffff;
    }

    private long u32(final int at)
    {
        return Integer.toUnsignedLong(b.getInt(at));
    }
}
