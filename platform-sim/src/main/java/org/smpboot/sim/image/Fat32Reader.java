package org.smpboot.sim.image;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads a FAT32 volume image (boot sector layout in {@link Fat32Writer}), whoever made it: lists the root directory
 * (long names assembled, deleted entries skipped), reads a file by following its cluster chain through FAT 0,
 * reads raw blocks, and finds the raw boot.elf of {@link DiskLayout}. Anything inconsistent throws an
 * {@link ImageFormatException} naming the field and its byte offset.
 */
public final class Fat32Reader implements Closeable
{
    private static final int EOC_MIN = 0x0fff_fff8;

    private final BlockSource ch;
    private final long length;
    private final Fat32Geometry g;
    private final String bpbLabel;

    private Fat32Reader(final BlockSource ch) throws IOException
    {
        this.ch = ch;
        this.length = ch.length();
        if (length < 512)
        {
            throw new ImageFormatException("boot sector truncated: image has " + length + " bytes, the boot sector at " +
                "byte 0 needs 512");
        }
        final ByteBuffer b = read(0, 512);
        if ((b.getShort(510) & 0xffff) != 0xaa55)
        {
            throw new ImageFormatException(String.format("boot sector signature at byte 510 is %02x %02x, expected 55 aa",
                b.get(510), b.get(511)));
        }
        final int bps = b.getShort(11) & 0xffff;
        if (bps != 512 && bps != 1024 && bps != 2048 && bps != 4096)
        {
            throw new ImageFormatException("BPB_BytsPerSec at byte 11 is " + bps + ", expected 512, 1024, 2048 or 4096");
        }
        final int spc = b.get(13) & 0xff;
        if (spc == 0 || Integer.bitCount(spc) != 1)
        {
            throw new ImageFormatException("BPB_SecPerClus at byte 13 is " + spc + ", expected a power of two");
        }
        final int reserved = b.getShort(14) & 0xffff;
        if (reserved == 0)
        {
            throw new ImageFormatException("BPB_RsvdSecCnt at byte 14 is 0");
        }
        final int fats = b.get(16) & 0xff;
        if (fats == 0)
        {
            throw new ImageFormatException("BPB_NumFATs at byte 16 is 0");
        }
        final int fat16 = b.getShort(22) & 0xffff;
        final int rootEntries = b.getShort(17) & 0xffff;
        if (fat16 != 0 || rootEntries != 0)
        {
            throw new ImageFormatException("not FAT32: BPB_FATSz16 at byte 22 is " + fat16 + " and BPB_RootEntCnt at " +
                "byte 17 is " + rootEntries + " (FAT32 has 0 for both)");
        }
        final long total = Integer.toUnsignedLong(b.getInt(32));
        if (total * bps > length)
        {
            throw new ImageFormatException("image truncated: BPB_TotSec32 at byte 32 says " + total + " sectors of " +
                bps + " bytes, the file has " + length + " bytes");
        }
        final int fatSectors = b.getInt(36);
        final long root = Integer.toUnsignedLong(b.getInt(44));
        g = new Fat32Geometry(bps, spc, reserved, fats, fatSectors, total, (int) root);
        if (fatSectors <= 0 || g.dataStart() >= total)
        {
            throw new ImageFormatException("BPB_FATSz32 at byte 36 is " + fatSectors + ": the FATs leave no data area");
        }
        if ((g.clusterCount() + 2) * 4 > (long) fatSectors * bps)
        {
            throw new ImageFormatException("BPB_FATSz32 at byte 36 is " + fatSectors + " sectors, too small for " +
                g.clusterCount() + " clusters");
        }
        checkCluster(root, "BPB_RootClus", 44);
        bpbLabel = new String(b.array(), 71, 11, StandardCharsets.US_ASCII).stripTrailing();
    }

    /**
     * @param image the image file.
     * @return a reader over it.
     * @throws IOException when the file cannot be read.
     * @throws ImageFormatException when it is not a FAT32 volume.
     */
    public static Fat32Reader open(final Path image) throws IOException
    {
        final FileChannel ch = FileChannel.open(image, StandardOpenOption.READ);
        return open(new BlockSource()
        {
            @Override
            public long length() throws IOException
            {
                return ch.size();
            }

            @Override
            public int read(final long position, final byte[] dst, final int at, final int n) throws IOException
            {
                return ch.read(ByteBuffer.wrap(dst, at, n), position);
            }

            @Override
            public void close() throws IOException
            {
                ch.close();
            }
        });
    }

    /**
     * @param source the disk; closed with the reader, or at once when it holds no FAT32 volume.
     * @return a reader over it.
     * @throws IOException when the disk cannot be read.
     * @throws ImageFormatException when it is not a FAT32 volume.
     */
    public static Fat32Reader open(final BlockSource source) throws IOException
    {
        try
        {
            return new Fat32Reader(source);
        }
        catch (IOException | RuntimeException e)
        {
            source.close();
            throw e;
        }
    }

    /**
     * @return the volume's geometry.
     */
    public Fat32Geometry geometry()
    {
        return g;
    }

    /**
     * @return the volume label: the root directory's label entry, else the boot sector's BS_VolLab.
     * @throws IOException when the file cannot be read.
     */
    public String label() throws IOException
    {
        final Optional<String> fromRoot = scanRoot(true).stream().map(FatEntry::name).findFirst();
        return fromRoot.orElse(bpbLabel);
    }

    /**
     * @return the files and directories of the root directory, in directory order.
     * @throws IOException when the file cannot be read.
     */
    public List<FatEntry> list() throws IOException
    {
        return scanRoot(false);
    }

    /**
     * @param name a root-directory file name, long or short, any case.
     * @return its content.
     * @throws IOException          when the file cannot be read.
     * @throws IllegalArgumentException when there is no such file.
     */
    public byte[] readFile(final String name) throws IOException
    {
        final FatEntry e = entry(name);
        if (e.size() > Integer.MAX_VALUE - 8)
        {
            throw new ImageFormatException("file " + e.name() + ": size " + e.size() + " too large (entry at byte " +
                (e.offset() + 28) + ")");
        }
        // the chain first: a corrupt entry's size must not allocate more than its clusters can hold
        final List<Long> chain = chain(e.firstCluster(), e.name());
        final int cb = g.clusterBytes();
        if ((long) chain.size() * cb < e.size())
        {
            throw new ImageFormatException("file " + e.name() + ": size " + e.size() + " (entry at byte " +
                (e.offset() + 28) + ") needs " + (e.size() + cb - 1) / cb + " clusters, its chain has " + chain.size());
        }
        final byte[] out = new byte[(int) e.size()];
        for (int k = 0; k * (long) cb < out.length; k++)
        {
            final int n = Math.min(cb, out.length - k * cb);
            read(g.clusterOffset(chain.get(k)), n).get(0, out, k * cb, n);
        }
        return out;
    }

    /**
     * @param name a root-directory file name, long or short, any case.
     * @return the clusters its data occupies, in file order (a fragmented file's are not consecutive).
     * @throws IOException          when the file cannot be read.
     * @throws IllegalArgumentException when there is no such file.
     */
    public List<Long> clusters(final String name) throws IOException
    {
        final FatEntry e = entry(name);
        return chain(e.firstCluster(), e.name());
    }

    /**
     * @return the clusters the root directory occupies, in order.
     * @throws IOException when the file cannot be read.
     */
    public List<Long> rootClusters() throws IOException
    {
        return chain(g.rootCluster(), "root directory");
    }

    /**
     * @param block first block (512 bytes each, whatever the sector size).
     * @param count number of blocks.
     * @return their bytes.
     * @throws IOException when the file cannot be read.
     */
    public byte[] readBlocks(final long block, final int count) throws IOException
    {
        final long at = block * DiskLayout.BLOCK_SIZE;
        if (block < 0 || count < 0 || at + (long) count * DiskLayout.BLOCK_SIZE > length)
        {
            throw new IllegalArgumentException("blocks " + block + " + " + count + " lie outside the image of " +
                length / DiskLayout.BLOCK_SIZE + " blocks");
        }
        return read(at, count * DiskLayout.BLOCK_SIZE).array();
    }

    /**
     * @return the raw boot.elf at {@link DiskLayout#BOOT_ELF_BLOCK}, trimmed to its extent, or empty when the volume
     * does not reserve that area or no ELF starts there.
     * @throws IOException when the file cannot be read.
     * @throws ImageFormatException when an ELF starts there but is malformed.
     */
    public Optional<byte[]> rawBootElf() throws IOException
    {
        final long end = (long) DiskLayout.BOOT_ELF_BLOCK + DiskLayout.BOOT_ELF_MAX_BLOCKS;
        if ((long) g.reservedSectors() * g.bytesPerSector() < end * DiskLayout.BLOCK_SIZE)
        {
            return Optional.empty();
        }
        final byte[] area = readBlocks(DiskLayout.BOOT_ELF_BLOCK, DiskLayout.BOOT_ELF_MAX_BLOCKS);
        if (area[0] != 0x7f || area[1] != 'E' || area[2] != 'L' || area[3] != 'F')
        {
            return Optional.empty();
        }
        try
        {
            return Optional.of(Arrays.copyOf(area, ElfReader.extent(area)));
        }
        catch (ImageFormatException e)
        {
            throw new ImageFormatException("raw boot.elf at block " + DiskLayout.BOOT_ELF_BLOCK + " (image byte " +
                (long) DiskLayout.BOOT_ELF_BLOCK * DiskLayout.BLOCK_SIZE + "): " + e.getMessage());
        }
    }

    private FatEntry entry(final String name) throws IOException
    {
        return list().stream()
            .filter(f -> !f.directory() && (f.name().equalsIgnoreCase(name) || f.shortName().equalsIgnoreCase(name)))
            .findFirst().orElseThrow(() -> new IllegalArgumentException("no file " +
                name.replaceAll("\\p{Cntrl}", "?") + " in the root directory"));
    }

    @Override
    public void close() throws IOException
    {
        ch.close();
    }

    private List<FatEntry> scanRoot(final boolean labelOnly) throws IOException
    {
        final List<FatEntry> out = new ArrayList<>();
        StringBuilder longName = null;
        int longSum = -1;
        for (long cluster : chain(g.rootCluster(), "root directory"))
        {
            final long base = g.clusterOffset(cluster);
            final byte[] d = read(base, g.clusterBytes()).array();
            for (int at = 0; at < d.length; at += 32)
            {
                final int first = d[at] & 0xff;
                if (first == 0)
                {
                    return out; // end of directory
                }
                final int attr = d[at + 11] & 0xff;
                if (first == 0xe5)
                {
                    longName = null;
                    continue;
                }
                if ((attr & 0x3f) == 0x0f)
                {
                    if ((first & 0x40) != 0)
                    {
                        longName = new StringBuilder();
                        longSum = d[at + 13] & 0xff;
                    }
                    if (longName != null)
                    {
                        longName.insert(0, FatNames.longPart(d, at));
                    }
                    continue;
                }
                final byte[] shortBytes = Arrays.copyOfRange(d, at, at + 11);
                if ((attr & 0x08) != 0)
                {
                    if (labelOnly)
                    {
                        out.add(new FatEntry(new String(shortBytes, StandardCharsets.ISO_8859_1).stripTrailing(), "",
                            attr, 0, 0, base + at));
                        return out;
                    }
                    longName = null;
                    continue;
                }
                final String shortName = FatNames.shortToString(d, at);
                final boolean longOk = longName != null && longSum == FatNames.checksum(shortBytes);
                final long firstCluster = (d[at + 20] & 0xffL) << 16 | (d[at + 21] & 0xffL) << 24 |
                    (d[at + 26] & 0xffL) | (d[at + 27] & 0xffL) << 8;
                final long size = ByteBuffer.wrap(d, at + 28, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffff_ffffL;
                final String name = longOk ? longName.toString() : shortName;
                longName = null;
                if (!labelOnly && !shortName.equals(".") && !shortName.equals(".."))
                {
                    out.add(new FatEntry(name, shortName, attr, firstCluster, size, base + at));
                }
            }
        }
        return out;
    }

    private List<Long> chain(final long start, final String what) throws IOException
    {
        final List<Long> chain = new ArrayList<>();
        if (start == 0)
        {
            return chain;
        }
        long c = start;
        checkCluster(c, "first cluster of " + what, -1);
        // a corrupt FAT may loop: stop at the first cluster seen twice, not after walking the loop clusterCount times
        final java.util.BitSet seen = new java.util.BitSet();
        while (true)
        {
            chain.add(c);
            if (seen.get((int)(c - 2)))
            {
                throw new ImageFormatException("cluster chain of " + what + " loops back to cluster " + c +
                    " (FAT 0 entry of cluster " + chain.get(chain.size() - 2) + " at byte " +
                    g.fatEntryOffset(0, chain.get(chain.size() - 2)) + ")");
            }
            seen.set((int)(c - 2));
            if (chain.size() > g.clusterCount())
            {
                throw new ImageFormatException("cluster chain of " + what + " loops (FAT 0 entry of cluster " + c +
                    " at byte " + g.fatEntryOffset(0, c) + ")");
            }
            final long at = g.fatEntryOffset(0, c);
            final long next = read(at, 4).getInt(0) & 0x0fff_ffffL;
            if (next >= EOC_MIN)
            {
                return chain;
            }
            if (next < 2 || next >= g.clusterCount() + 2)
            {
                throw new ImageFormatException("cluster chain of " + what + ": FAT 0 entry of cluster " + c +
                    " at byte " + at + " is " + next + ", not a cluster or end of chain");
            }
            c = next;
        }
    }

    private void checkCluster(final long c, final String what, final long offset)
    {
        if (c < 2 || c >= g.clusterCount() + 2)
        {
            throw new ImageFormatException(what + (offset >= 0 ? " at byte " + offset : "") + " is cluster " + c +
                ", outside 2.." + (g.clusterCount() + 1));
        }
    }

    private ByteBuffer read(final long at, final int n) throws IOException
    {
        final byte[] bytes = new byte[n];
        int done = 0;
        while (done < n)
        {
            final int r = ch.read(at + done, bytes, done, n - done);
            if (r <= 0)
            {
                throw new ImageFormatException("image truncated: " + n + " bytes at byte " + at + " lie past its end " +
                    length);
            }
            done += r;
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
