package org.smpboot.sim.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * FAT directory names: the 11-byte 8.3 short name ("KERNEL  ELF") and the long-name (VFAT) entries that carry any
 * other name.
 * <p>
 * Long-name entry (32 bytes): 0 ordinal (1..n, 0x40 on the last, which is stored first), 1 chars 1-5 (UTF-16LE),
 * 11 attribute 0x0F, 12 type 0, 13 checksum of the short name, 14 chars 6-11, 26 first cluster 0, 28 chars 12-13.
 * A name ends with U+0000 then U+FFFF padding.
 */
final class FatNames
{
    /** Characters of a long name per directory entry. */
    static final int LFN_CHARS = 13;
    private static final int[] LFN_OFFSETS = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
    private static final String SHORT_ALLOWED = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789$%'-_@~`!(){}^#&";

    private FatNames()
    {
    }

    /**
     * @param name a file name.
     * @return its 11 short-name bytes when the name is a valid upper-case 8.3 name as is, else null.
     */
    static byte[] exactShortName(final String name)
    {
        final int dot = name.lastIndexOf('.');
        final String base = dot < 0 ? name : name.substring(0, dot);
        final String ext = dot < 0 ? "" : name.substring(dot + 1);
        if (base.isEmpty() || base.length() > 8 || ext.length() > 3 || (dot >= 0 && ext.isEmpty()) ||
            !allowed(base) || !allowed(ext))
        {
            return null;
        }
        return pad(base, ext);
    }

    /**
     * @param name a file name.
     * @return the NT case bits (byte 12: 0x08 base, 0x10 extension lower case) that make the upper-case 8.3 name of
     * {@code name} read back as {@code name}, as mtools and Windows store "kernel.elf" without a long name; -1 when
     * no short name with case bits says it (mixed case, too long, other characters).
     */
    static int caseBits(final String name)
    {
        final String upper = name.toUpperCase(Locale.ROOT);
        if (exactShortName(upper) == null || !upper.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
        {
            return -1;
        }
        final int dot = name.lastIndexOf('.');
        final String base = dot < 0 ? name : name.substring(0, dot);
        final String ext = dot < 0 ? "" : name.substring(dot + 1);
        final int b = caseOf(base);
        final int e = caseOf(ext);
        return b < 0 || e < 0 ? -1 : (b == 1 ? 0x08 : 0) | (e == 1 ? 0x10 : 0);
    }

    /** @return 0 when no letter is lower case, 1 when no letter is upper case and one is lower, -1 when mixed. */
    private static int caseOf(final String s)
    {
        final boolean lower = !s.equals(s.toUpperCase(Locale.ROOT));
        final boolean upper = !s.equals(s.toLowerCase(Locale.ROOT));
        return lower && upper ? -1 : lower ? 1 : 0;
    }

    /**
     * @param name a file name that needs a long name.
     * @param n    the alias number, 1 for {@code ~1}.
     * @return the 11 bytes of its short alias, such as {@code ARCH_I~1BIN}.
     */
    static byte[] alias(final String name, final int n)
    {
        final int dot = name.lastIndexOf('.');
        final String base = clean(dot <= 0 ? name : name.substring(0, dot));
        final String ext = clean(dot <= 0 ? "" : name.substring(dot + 1));
        final String tail = "~" + n;
        final String b = (base.isEmpty() ? "FILE" : base);
        return pad(b.substring(0, Math.min(b.length(), 8 - tail.length())) + tail, ext.substring(0,
            Math.min(3, ext.length())));
    }

    /**
     * @param shortName 11 bytes.
     * @return the checksum long-name entries carry.
     */
    static int checksum(final byte[] shortName)
    {
        int sum = 0;
        for (int i = 0; i < 11; i++)
        {
            sum = (((sum & 1) << 7) + ((sum & 0xff) >> 1) + (shortName[i] & 0xff)) & 0xff;
        }
        return sum;
    }

    /**
     * @param name      the long name.
     * @param shortName its short alias.
     * @return the long-name entries in directory order (the last part first), 32 bytes each.
     */
    static byte[] longEntries(final String name, final byte[] shortName)
    {
        final int count = (name.length() + LFN_CHARS - 1) / LFN_CHARS;
        final byte[] out = new byte[count * 32];
        final int sum = checksum(shortName);
        for (int k = 0; k < count; k++)
        {
            final int ordinal = count - k;
            final int at = k * 32;
            out[at] = (byte) (ordinal | (ordinal == count ? 0x40 : 0));
            out[at + 11] = 0x0f;
            out[at + 13] = (byte) sum;
            for (int c = 0; c < LFN_CHARS; c++)
            {
                final int i = (ordinal - 1) * LFN_CHARS + c;
                final int ch = i < name.length() ? name.charAt(i) : i == name.length() ? 0 : 0xffff;
                out[at + LFN_OFFSETS[c]] = (byte) ch;
                out[at + LFN_OFFSETS[c] + 1] = (byte) (ch >>> 8);
            }
        }
        return out;
    }

    /**
     * @param entry a long-name entry.
     * @param at    its offset.
     * @return its characters, without the terminator and padding.
     */
    static String longPart(final byte[] entry, final int at)
    {
        final StringBuilder sb = new StringBuilder();
        for (int off : LFN_OFFSETS)
        {
            final int ch = (entry[at + off] & 0xff) | (entry[at + off + 1] & 0xff) << 8;
            if (ch == 0 || ch == 0xffff)
            {
                break;
            }
            sb.append((char) ch);
        }
        return sb.toString();
    }

    /**
     * @param entry a short entry.
     * @param at    its offset.
     * @return "BASE.EXT", lower-cased where the NT case bits (byte 12: 0x08 base, 0x10 extension) say so, as mtools
     * and Windows write names such as "hello.txt" without a long name.
     */
    static String shortToString(final byte[] entry, final int at)
    {
        String base = new String(entry, at, 8, StandardCharsets.ISO_8859_1).stripTrailing();
        String ext = new String(entry, at + 8, 3, StandardCharsets.ISO_8859_1).stripTrailing();
        if (base.startsWith("\u0005"))
        {
            base = "\u00e5" + base.substring(1); // 0x05 stands for a real 0xE5 first byte
        }
        final int nt = entry[at + 12];
        if ((nt & 0x08) != 0)
        {
            base = base.toLowerCase(Locale.ROOT);
        }
        if ((nt & 0x10) != 0)
        {
            ext = ext.toLowerCase(Locale.ROOT);
        }
        return ext.isEmpty() ? base : base + "." + ext;
    }

    private static boolean allowed(final String s)
    {
        return s.chars().allMatch(c -> SHORT_ALLOWED.indexOf(c) >= 0);
    }

    private static String clean(final String s)
    {
        final StringBuilder sb = new StringBuilder();
        for (char c : s.toUpperCase(Locale.ROOT).toCharArray())
        {
            if (SHORT_ALLOWED.indexOf(c) >= 0)
            {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static byte[] pad(final String base, final String ext)
    {
        final byte[] b = "           ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(base.getBytes(StandardCharsets.US_ASCII), 0, b, 0, base.length());
        System.arraycopy(ext.getBytes(StandardCharsets.US_ASCII), 0, b, 8, ext.length());
        return b;
    }
}
