package org.smpboot.sim.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes boot.elf raw into a FAT32 volume that someone else made (mkfs.fat, mformat): from block
 * {@link DiskLayout#BOOT_ELF_BLOCK}, zero padded to {@link DiskLayout#BOOT_ELF_MAX_BLOCKS} blocks, where the
 * preloader reads it. That area must lie inside the volume's reserved sectors, so that no file's cluster and no FAT
 * overlaps it: with 512-byte sectors, {@code mkfs.fat -F 32 -R 4096} (or more) reserves it. Nothing else of the
 * volume is touched.
 */
public final class RawBootElf
{
    /** Bytes of the volume the raw boot.elf area ends at: the reserved area must reach this far. */
    public static final long AREA_END = (long)(DiskLayout.BOOT_ELF_BLOCK + DiskLayout.BOOT_ELF_MAX_BLOCKS) *
        DiskLayout.BLOCK_SIZE;

    private RawBootElf()
    {
    }

    /**
     * @param image a FAT32 volume image.
     * @param boot  boot.elf's bytes (an ELF32 file of at most {@link DiskLayout#BOOT_ELF_MAX_BLOCKS} blocks).
     * @throws IOException          when the image cannot be read or written.
     * @throws ImageFormatException when the image is not a FAT32 volume, or its reserved sectors cannot hold the
     *                              area (the message says how many it has and how to make one that can), or boot.elf
     *                              is not an ELF file that fits.
     */
    public static void install(final Path image, final byte[] boot) throws IOException
    {
        ElfReader.read(boot);
        if (boot.length > DiskLayout.BOOT_ELF_MAX_BLOCKS * DiskLayout.BLOCK_SIZE)
        {
            throw new ImageFormatException("boot.elf has " + boot.length + " bytes, the raw area holds " +
                DiskLayout.BOOT_ELF_MAX_BLOCKS * DiskLayout.BLOCK_SIZE);
        }
        final Fat32Geometry g;
        try (Fat32Reader r = Fat32Reader.open(image))
        {
            g = r.geometry();
        }
        final long reserved = (long)g.reservedSectors() * g.bytesPerSector();
        if (reserved < AREA_END)
        {
            throw new ImageFormatException(String.format("its reserved sectors (BPB_RsvdSecCnt at byte 14: %d of %d " +
                "bytes) end at byte %d; boot.elf goes raw at blocks %d..%d, up to byte %d: make the volume with " +
                "mkfs.fat -F 32 -R %d", g.reservedSectors(), g.bytesPerSector(), reserved, DiskLayout.BOOT_ELF_BLOCK,
                DiskLayout.BOOT_ELF_BLOCK + DiskLayout.BOOT_ELF_MAX_BLOCKS - 1, AREA_END,
                (AREA_END + g.bytesPerSector() - 1) / g.bytesPerSector()));
        }
        final ByteBuffer area = ByteBuffer.allocate(DiskLayout.BOOT_ELF_MAX_BLOCKS * DiskLayout.BLOCK_SIZE);
        area.put(boot).clear();
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE))
        {
            long at = (long)DiskLayout.BOOT_ELF_BLOCK * DiskLayout.BLOCK_SIZE;
            while (area.hasRemaining())
            {
                at += ch.write(area, at);
            }
        }
    }
}
