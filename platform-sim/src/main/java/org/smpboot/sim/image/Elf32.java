package org.smpboot.sim.image;

/**
 * Constants of the ELF32 little-endian format (System V ABI, MIPS supplement) and the sizes of its tables.
 * <pre>
 * Elf32_Ehdr (52 bytes): 0 e_ident[16] (7f 'E' 'L' 'F', class 1 = 32-bit, data 1 = little-endian, version 1),
 *   16 e_type u16, 18 e_machine u16, 20 e_version u32, 24 e_entry, 28 e_phoff, 32 e_shoff, 36 e_flags,
 *   40 e_ehsize u16, 42 e_phentsize u16, 44 e_phnum u16, 46 e_shentsize u16, 48 e_shnum u16, 50 e_shstrndx u16
 * Elf32_Phdr (32 bytes): 0 p_type, 4 p_offset, 8 p_vaddr, 12 p_paddr, 16 p_filesz, 20 p_memsz, 24 p_flags, 28 p_align
 * Elf32_Shdr (40 bytes): 0 sh_name, 4 sh_type, 8 sh_flags, 12 sh_addr, 16 sh_offset, 20 sh_size, 24 sh_link,
 *   28 sh_info, 32 sh_addralign, 36 sh_entsize
 * Elf32_Sym (16 bytes): 0 st_name, 4 st_value, 8 st_size, 12 st_info u8 (bind &lt;&lt; 4 | type), 13 st_other u8,
 *   14 st_shndx u16
 * </pre>
 */
public final class Elf32
{
    /** Size of the file header. */
    public static final int EHDR_SIZE = 52;
    /** Size of a program header. */
    public static final int PHDR_SIZE = 32;
    /** Size of a section header. */
    public static final int SHDR_SIZE = 40;
    /** Size of a symbol. */
    public static final int SYM_SIZE = 16;
    /** e_ident[EI_CLASS] of 32-bit files. */
    public static final int ELFCLASS32 = 1;
    /** e_ident[EI_DATA] of little-endian files. */
    public static final int ELFDATA2LSB = 1;
    /** e_type of executables. */
    public static final int ET_EXEC = 2;
    /** e_machine of MIPS. */
    public static final int EM_MIPS = 8;
    /** e_flags: noreorder, o32 ABI, MIPS32 ISA: what a mipsel-gcc -march=mips32 link writes. */
    public static final int MIPS32_FLAGS = 0x5000_1001;
    /** Loadable segment. */
    public static final int PT_LOAD = 1;
    /** Executable segment. */
    public static final int PF_X = 1;
    /** Writable segment. */
    public static final int PF_W = 2;
    /** Readable segment. */
    public static final int PF_R = 4;
    /** Section with file content. */
    public static final int SHT_PROGBITS = 1;
    /** Symbol table section. */
    public static final int SHT_SYMTAB = 2;
    /** String table section. */
    public static final int SHT_STRTAB = 3;
    /** Section without file content (bss). */
    public static final int SHT_NOBITS = 8;
    /** Section flag: writable. */
    public static final int SHF_WRITE = 1;
    /** Section flag: occupies memory. */
    public static final int SHF_ALLOC = 2;
    /** Section flag: executable. */
    public static final int SHF_EXECINSTR = 4;
    /** Symbol binding: global. */
    public static final int STB_GLOBAL = 1;
    /** Symbol type: data object. */
    public static final int STT_OBJECT = 1;
    /** Symbol type: function. */
    public static final int STT_FUNC = 2;
    /** Section index of absolute symbols. */
    public static final int SHN_ABS = 0xfff1;

    private Elf32()
    {
    }
}
