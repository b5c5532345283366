package org.smpboot.sim.hw;

import org.smpboot.sim.platform.Device;

/**
 * A device's registers on the bus: 32-bit words at {@code base + 4 * index}. A 64-bit access is two 32-bit accesses,
 * low word first, as a 32-bit MIPS core issues them; a read-modify-write on a register is a bus error, because the
 * TSAR devices do not support ll/sc.
 *
 * <p>Implementations are called from any core's thread and from device threads at once: each documents how its
 * registers stay consistent.
 */
public interface MappedDevice
{
    /** @return what arch_info says about it. */
    Device descriptor();

    /** @return how errors and logs name it, such as {@code xcu[0x01]}. */
    String name();

    /**
     * @param who    the initiator.
     * @param offset byte offset from the base, a multiple of 4 inside the device's size.
     * @return the register's value; reads may have side effects (a WTI read acknowledges).
     * @throws BusError when the offset names no register.
     */
    int read32(Initiator who, int offset);

    /**
     * @param who    the initiator.
     * @param offset byte offset from the base, a multiple of 4 inside the device's size.
     * @param value  the value written.
     * @throws BusError when the offset names no writable register.
     */
    void write32(Initiator who, int offset, int value);

    /**
     * Called once when the machine stops: release files and threads.
     */
    default void close()
    {
    }
}
