package org.smpboot.sim.hw;

import java.util.List;

/**
 * The code symbols of a loaded program, as the hardware needs them to resolve jumps ({@link CodeMap}): each function's
 * name, link address and size, and the program's bytes at an address. The hardware knows programs only through this
 * interface; the software images (ELF files) are adapted to it by the layers that load them.
 */
public interface SymbolTable
{
    /**
     * A function of the program.
     *
     * @param name    its symbol.
     * @param address its link address (32-bit).
     * @param size    its bytes of code.
     */
    record Function(String name, int address, int size)
    {
    }

    /** @return every function symbol. */
    List<Function> functions();

    /**
     * @param address a link address inside the program's file bytes.
     * @param length  bytes wanted.
     * @return up to {@code length} of the program's bytes from there (fewer where its file bytes end).
     * @throws IllegalArgumentException when the address lies outside the file bytes.
     */
    byte[] bytes(int address, int length);
}
