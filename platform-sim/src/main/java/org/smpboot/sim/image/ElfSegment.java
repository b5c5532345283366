package org.smpboot.sim.image;

import java.util.Arrays;

/**
 * One PT_LOAD segment of an ELF32 executable: {@code data} is copied to {@code paddr} and the rest up to
 * {@code memSize} is zeroed, which is what the preloader's {@code reset_elf_loader} does.
 *
 * @param name    the name of the section that covers it ({@code .kcode}, {@code .kdata}...), "" when none.
 * @param vaddr   virtual address.
 * @param paddr   physical address, where a loader copies it.
 * @param flags   p_flags: {@link Elf32#PF_X}, {@link Elf32#PF_W}, {@link Elf32#PF_R}.
 * @param data    the file bytes (p_filesz of them).
 * @param memSize p_memsz, at least {@code data.length}.
 */
public record ElfSegment(String name, int vaddr, int paddr, int flags, byte[] data, int memSize)
{
    /**
     * Checks the sizes.
     *
     * @param name    the name of the section that covers it ({@code .kcode}, {@code .kdata}...), "" when none.
     * @param vaddr   virtual address.
     * @param paddr   physical address, where a loader copies it.
     * @param flags   p_flags: {@link Elf32#PF_X}, {@link Elf32#PF_W}, {@link Elf32#PF_R}.
     * @param data    the file bytes (p_filesz of them).
     * @param memSize p_memsz, at least {@code data.length}.
     */
    public ElfSegment
    {
        if (Integer.compareUnsigned(memSize, data.length) < 0)
        {
            throw new IllegalArgumentException("segment " + name + ": memSize " + memSize + " < file size " + data.length);
        }
        data = data.clone();
    }

    /**
     * @return a copy of the file bytes.
     */
    @Override
    public byte[] data()
    {
        return data.clone();
    }

    /**
     * @return p_filesz.
     */
    public int fileSize()
    {
        return data.length;
    }

    /**
     * @param address a virtual address.
     * @return whether the segment's memory image covers it.
     */
    public boolean contains(final int address)
    {
        return Integer.compareUnsigned(address - vaddr, memSize) < 0;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof ElfSegment s && name.equals(s.name) && vaddr == s.vaddr && paddr == s.paddr &&
            flags == s.flags && memSize == s.memSize && Arrays.equals(data, s.data);
    }

    @Override
    public int hashCode()
    {
        return ((name.hashCode() * 31 + vaddr) * 31 + paddr) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString()
    {
        return String.format("%s vaddr 0x%08x paddr 0x%08x filesz 0x%x memsz 0x%x flags %d", name, vaddr, paddr,
            data.length, memSize, flags);
    }
}
