package org.smpboot.sim.image;

/**
 * A named address of an ELF32 executable: what the simulator jumps to ({@code boot_entry}, {@code kernel_init}) or
 * writes ({@code boot_info}).
 *
 * @param name     the symbol name.
 * @param value    its address.
 * @param size     its size in bytes.
 * @param function STT_FUNC when true, STT_OBJECT when false.
 */
public record ElfSymbol(String name, int value, int size, boolean function)
{
}
