package org.smpboot.sim.hw;

/**
 * Bulk transfers of RAM issued on the bus: a copy loop reading into or writing from a byte array, a memset, a
 * memcpy between clusters. Each is one burst request to the {@link AccessPort} ({@link AccessPort#burst}: one request
 * of {@code ceil(len / 4)} words, served a word per cycle after its request); the bytes then move without per-word
 * work (bulk stores wake nobody: a waiter on such a word falls back to its park bound, see {@link WakeTable}). A
 * memcpy reads a chunk into a buffer and writes it out, one read burst and one write burst per
 * {@value #CHUNK} bytes.
 */
final class BulkTransfer
{
    /** A memcpy moves its bytes through a buffer of at most this size, one read and one write request per chunk. */
    private static final int CHUNK = 1 << 16;

    private final AddressMap map;
    private final AccessPort port;

    BulkTransfer(final AddressMap map, final AccessPort port)
    {
        this.map = map;
        this.port = port;
    }

    void read(final Initiator who, final long paddr, final byte[] dst, final int at, final int len)
    {
        final long machine = AddressMap.route(who, "read", paddr, len);
        final Bank b = map.bulk(who, "read", machine, len);
        if (len > 0)
        {
            final int off = (int)PhysicalAddress.offset(machine);
            port.burst(who, b, machine, len, AccessKind.READ).getBytes(off, dst, at, len);
        }
    }

    void write(final Initiator who, final long paddr, final byte[] src, final int at, final int len)
    {
        final long machine = AddressMap.route(who, "write", paddr, len);
        final Bank b = map.bulk(who, "write", machine, len);
        if (len > 0)
        {
            final int off = (int)PhysicalAddress.offset(machine);
            port.burst(who, b, machine, len, AccessKind.WRITE).putBytes(off, src, at, len);
        }
    }

    void set(final Initiator who, final long paddr, final int len, final byte value)
    {
        final long machine = AddressMap.route(who, "set", paddr, len);
        final Bank b = map.bulk(who, "set", machine, len);
        if (len > 0)
        {
            port.set(who, b, machine, len, value);
        }
    }

    void copy(final Initiator who, final long src, final long dst, final int len)
    {
        // the whole destination first: a copy over executing code is refused before any byte moves
        final long target = AddressMap.route(who, "copy", dst, len);
        if (len > 0)
        {
            port.watchOnly(who, target, len);
        }
        final byte[] tmp = new byte[Math.min(len, CHUNK)];
        for (int done = 0; done < len; done += tmp.length)
        {
            final int n = Math.min(tmp.length, len - done);
            read(who, src + done, tmp, 0, n);
            write(who, dst + done, tmp, 0, n);
        }
        if (len == 0)
        {
            map.bulk(who, "copy", AddressMap.route(who, "copy", src, 0), 0);
            map.bulk(who, "copy", AddressMap.route(who, "copy", dst, 0), 0);
        }
    }
}
