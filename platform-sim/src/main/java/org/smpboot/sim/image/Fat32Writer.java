package org.smpboot.sim.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Writes a FAT32 volume image (Microsoft FAT specification 1.03) holding files in its root directory and, raw in the
 * reserved area, boot.elf ({@link DiskLayout}). Only the sectors that hold something are written, so the image
 * file is sparse where the file system allows it.
 * <pre>
 * Boot sector (sector 0, copy at 6): 0 jmp EB 58 90, 3 OEM name "SMPBOOT ", 11 BytsPerSec u16, 13 SecPerClus u8,
 *   14 RsvdSecCnt u16, 16 NumFATs u8, 17 RootEntCnt u16 = 0, 19 TotSec16 u16 = 0, 21 Media u8 F8, 22 FATSz16 u16 = 0,
 *   24 SecPerTrk u16, 26 NumHeads u16, 28 HiddSec u32, 32 TotSec32 u32, 36 FATSz32 u32, 40 ExtFlags u16, 42 FSVer
 *   u16, 44 RootClus u32, 48 FSInfo u16, 50 BkBootSec u16, 52 12 reserved bytes, 64 DrvNum u8 80, 66 BootSig u8 29,
 *   67 VolID u32, 71 VolLab[11], 82 FilSysType "FAT32   ", 510 signature 55 AA.
 * FSInfo (sector 1, copy at 7): 0 lead signature 41615252, 484 struct signature 61417272, 488 free cluster count,
 *   492 next free cluster, 508 trail signature AA550000.
 * FAT entry: 28 bits per cluster; 0 free, 0x0FFFFFFF end of chain; entries 0 and 1 hold media and clean-shutdown bits.
 * Directory entry (32 bytes): 0 name[11], 11 attributes (08 volume label, 10 directory, 20 archive), 12 NT case
 *   bits, 13 creation tenths, 14 creation time, 16 creation date, 18 access date, 20 first cluster high u16,
 *   22 write time, 24 write date, 26 first cluster low u16, 28 size u32. Long names: see {@link FatNames}; a name
 *   that is 8.3 but for all-lower-case parts ("kernel.elf") gets the NT case bits instead, as mtools writes it.
 * </pre>
 * Files are laid out contiguously in argument order after the root directory (cluster 2); timestamps are a fixed
 * 2024-01-01 00:00 and the volume id is a CRC of the content, so equal inputs give equal images.
 */
public final class Fat32Writer
{
    private static final int DATE_2024_01_01 = (2024 - 1980) << 9 | 1 << 5 | 1;
    private static final int EOC = 0x0fff_ffff;

    private Fat32Writer()
    {
    }

    /**
     * @param out     the image file, replaced.
     * @param sizeMb  the volume size in MiB, {@link DiskLayout#MIN_SIZE_MB} .. {@link DiskLayout#MAX_SIZE_MB}.
     * @param label   the volume label, up to 11 characters.
     * @param bootElf boot.elf bytes stored raw at {@link DiskLayout#BOOT_ELF_BLOCK}, or null for none.
     * @param files   root-directory files, name to content, in the order to lay them out.
     * @return the geometry written.
     * @throws IOException when the file cannot be written.
     * @throws IllegalArgumentException when something does not fit.
     */
    public static Fat32Geometry write(final Path out, final int sizeMb, final String label, final byte[] bootElf,
        final Map<String, byte[]> files) throws IOException
    {
        if (sizeMb < DiskLayout.MIN_SIZE_MB || sizeMb > DiskLayout.MAX_SIZE_MB)
        {
            throw new IllegalArgumentException("size " + sizeMb + " MiB: a FAT32 volume with 2 MiB reserved needs " +
                DiskLayout.MIN_SIZE_MB + " to " + DiskLayout.MAX_SIZE_MB + " MiB");
        }
        final String vol = label.toUpperCase(Locale.ROOT);
        if (vol.isEmpty() || vol.length() > 11 || !StandardCharsets.US_ASCII.newEncoder().canEncode(vol))
        {
            throw new IllegalArgumentException("volume label '" + label + "' must be 1 to 11 ASCII characters");
        }
        if (bootElf != null && bootElf.length > DiskLayout.BOOT_ELF_MAX_BLOCKS * DiskLayout.BLOCK_SIZE)
        {
            throw new IllegalArgumentException("boot.elf has " + bootElf.length + " bytes, more than the " +
                DiskLayout.BOOT_ELF_MAX_BLOCKS * DiskLayout.BLOCK_SIZE + " of its raw area");
        }
        final Fat32Geometry g = Fat32Geometry.of(sizeMb * 2048L, DiskLayout.RESERVED_SECTORS);
        final int cb = g.clusterBytes();

        // root directory: volume label, then each file's long-name entries and short entry
        final ByteArrayOutputStream dir = new ByteArrayOutputStream();
        dir.writeBytes(entry(padLabel(vol), 0x08, 0, 0, 0));
        final Set<String> shortNames = new HashSet<>();
        final Set<String> longNames = new HashSet<>();
        final int rootClusters;
        {
            int entries = 1;
            for (String name : files.keySet())
            {
                entries += 1 + (FatNames.caseBits(name) < 0 ?
                    (name.length() + FatNames.LFN_CHARS - 1) / FatNames.LFN_CHARS : 0);
            }
            rootClusters = Math.max(1, (entries * 32 + cb - 1) / cb);
        }
        long next = 2 + rootClusters;
        final long[] first = new long[files.size()];
        int i = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet())
        {
            final String name = f.getKey();
            if (name.isEmpty() || name.length() > 255 || name.contains("/") || name.contains("\\") ||
                !longNames.add(name.toUpperCase(Locale.ROOT)))
            {
                throw new IllegalArgumentException("file name '" + name + "' is empty, too long, has a slash or " +
                    "is given twice");
            }
            final int ntCase = FatNames.caseBits(name);
            byte[] shortName = ntCase >= 0 ? FatNames.exactShortName(name.toUpperCase(Locale.ROOT)) : null;
            final boolean needsLong = shortName == null;
            for (int n = 1; shortName == null || !shortNames.add(new String(shortName, StandardCharsets.US_ASCII));
                n++)
            {
                shortName = FatNames.alias(name, n);
            }
            final int clusters = (f.getValue().length + cb - 1) / cb;
            first[i] = clusters == 0 ? 0 : next;
            if (needsLong)
            {
                dir.writeBytes(FatNames.longEntries(name, shortName));
            }
            dir.writeBytes(entry(shortName, 0x20, first[i], f.getValue().length, needsLong ? 0 : ntCase));
            next += clusters;
            i++;
        }
        if (next - 2 > g.clusterCount())
        {
            throw new IllegalArgumentException("files need " + (next - 2) + " clusters of " + cb + " bytes, the " +
                sizeMb + " MiB volume has " + g.clusterCount());
        }

        final ByteBuffer fat = le((int) next * 4);
        fat.putInt(0x0fff_fff8).putInt(EOC); // media byte F8; clean, no I/O error
        for (long c = 2; c < 2 + rootClusters; c++)
        {
            fat.putInt(c + 1 < 2 + rootClusters ? (int) c + 1 : EOC);
        }
        i = 0;
        for (byte[] data : files.values())
        {
            final int clusters = (data.length + cb - 1) / cb;
            for (int k = 0; k < clusters; k++)
            {
                fat.putInt(k + 1 < clusters ? (int) first[i] + k + 1 : EOC);
            }
            i++;
        }

        final CRC32 crc = new CRC32();
        files.forEach((n, d) -> { crc.update(n.getBytes(StandardCharsets.UTF_8)); crc.update(d); });
        if (bootElf != null)
        {
            crc.update(bootElf);
        }
        final byte[] boot = bootSector(g, vol, (int) crc.getValue());
        final byte[] fsInfo = fsInfo(g.clusterCount() - (next - 2), next);

        try (RandomAccessFile raf = new RandomAccessFile(out.toFile(), "rw"))
        {
            raf.setLength(0);
            raf.setLength(g.totalSectors() * g.bytesPerSector());
            final FileChannel ch = raf.getChannel();
            put(ch, 0, boot);
            put(ch, DiskLayout.FSINFO_SECTOR * 512L, fsInfo);
            put(ch, DiskLayout.BACKUP_BOOT_SECTOR * 512L, boot);
            put(ch, (DiskLayout.BACKUP_BOOT_SECTOR + 1) * 512L, fsInfo);
            if (bootElf != null)
            {
                put(ch, (long) DiskLayout.BOOT_ELF_BLOCK * DiskLayout.BLOCK_SIZE, bootElf);
            }
            for (int k = 0; k < g.fatCount(); k++)
            {
                put(ch, g.fatEntryOffset(k, 0), fat.array());
            }
            put(ch, g.clusterOffset(2), dir.toByteArray());
            i = 0;
            for (byte[] data : files.values())
            {
                if (data.length > 0)
                {
                    put(ch, g.clusterOffset(first[i]), data);
                }
                i++;
            }
        }
        return g;
    }

    private static byte[] bootSector(final Fat32Geometry g, final String label, final int volumeId)
    {
        final ByteBuffer b = le(512);
        b.put(new byte[] {(byte) 0xeb, 0x58, (byte) 0x90}).put("SMPBOOT ".getBytes(StandardCharsets.US_ASCII));
        b.putShort((short) g.bytesPerSector()).put((byte) g.sectorsPerCluster()).putShort((short) g.reservedSectors())
            .put((byte) g.fatCount()).putShort((short) 0).putShort((short) 0).put((byte) 0xf8).putShort((short) 0)
            .putShort((short) 32).putShort((short) 64).putInt(0).putInt((int) g.totalSectors()).putInt(g.fatSectors())
            .putShort((short) 0).putShort((short) 0).putInt(g.rootCluster()).putShort((short) DiskLayout.FSINFO_SECTOR)
            .putShort((short) DiskLayout.BACKUP_BOOT_SECTOR);
        b.position(64);
        b.put((byte) 0x80).put((byte) 0).put((byte) 0x29).putInt(volumeId).put(padLabel(label))
            .put("FAT32   ".getBytes(StandardCharsets.US_ASCII));
        b.put(510, (byte) 0x55).put(511, (byte) 0xaa);
        return b.array();
    }

    private static byte[] fsInfo(final long free, final long nextFree)
    {
        final ByteBuffer b = le(512);
        b.putInt(0, 0x4161_5252).putInt(484, 0x6141_7272).putInt(488, (int) free).putInt(492, (int) nextFree)
            .putInt(508, 0xaa55_0000);
        return b.array();
    }

    private static byte[] entry(final byte[] name, final int attributes, final long cluster, final int size,
        final int ntCase)
    {
        final ByteBuffer b = le(32);
        b.put(name).put((byte) attributes).put((byte) ntCase).put((byte) 0).putShort((short) 0)
            .putShort((short) DATE_2024_01_01).putShort((short) DATE_2024_01_01).putShort((short) (cluster >>> 16))
            .putShort((short) 0).putShort((short) DATE_2024_01_01).putShort((short) cluster).putInt(size);
        return b.array();
    }

    private static byte[] padLabel(final String label)
    {
        return String.format("%-11s", label).getBytes(StandardCharsets.US_ASCII);
    }

    private static void put(final FileChannel ch, final long offset, final byte[] bytes) throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        long at = offset;
        while (b.hasRemaining())
        {
            at += ch.write(b, at);
        }
    }

    private static ByteBuffer le(final int size)
    {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
