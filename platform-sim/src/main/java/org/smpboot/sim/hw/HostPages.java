package org.smpboot.sim.hw;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Backs a range of a bank's memory with host pages by one system call before its first touch, where the JVM can make
 * it: {@code madvise(MADV_POPULATE_WRITE)} (Linux 5.14 and later) through the foreign function API (Java 22 and later,
 * with native access enabled, as the launcher does), found by reflection so that these sources still build for Java
 * 17. Anywhere else it does nothing, and the first touch backs the page as before. Where it can, it also maps a new
 * bank's memory ({@code mmap}, {@code munmap}: {@link BankMemory}).
 *
 * <p>Why: on this kind of virtual machine a page fault is a trap to the hypervisor. Measured over fresh 256 MiB
 * mappings (C and FFM programs, session 16): a first touch by fault 11 to 15 us; the call 2.7 us for one page and 0.8
 * to 1.2 us a page in runs of 64 KiB or more, after which the first write from user space still costs 5 to 9 us (the
 * hypervisor maps each page at its first access); a 16x16x4 boot backs about 50,000 bank pages, and without the call
 * it took 1.09x the wall time (9 pairs). The page's content is not this class's business: it
 * reads zero until {@link Bank} fills it with its reset fill, as a page backed by a fault does.
 *
 * <p>Only when asked ({@value #PROPERTY}{@code =true}): the launcher asks for the commands of one boot. Those of many
 * boots in one JVM ({@code explore}, {@code soak}) took longer with it (explore 1.07x in 4 pairs, soak 29 s against 21)
 * and held more memory (about 200 MiB more for explore), so they go without, as they go without huge pages.
 */
final class HostPages
{
    /** The system property that turns the call on. */
    static final String PROPERTY = "smpboot.populate";
    /** {@code MADV_POPULATE_WRITE}: fault the range in, writable, as writes would. */
    private static final int MADV_POPULATE_WRITE = 23;
    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 2;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final MethodHandle[] DOWNCALLS = downcalls();
    private static final MethodHandle MADVISE = DOWNCALLS == null ? null : DOWNCALLS[0];
    private static final MethodHandle MMAP = DOWNCALLS == null ? null : DOWNCALLS[1];
    private static final MethodHandle MUNMAP = DOWNCALLS == null ? null : DOWNCALLS[2];
    /** Cleared for good when the call fails (an older kernel answers EINVAL): no second try per page. */
    private static volatile boolean usable = MADVISE != null;

    private HostPages()
    {
    }

    /** @return true while ranges are backed by the system call (false: by their first touch). */
    static boolean populating()
    {
        return usable;
    }

    /**
     * Backs {@code [address, address + length)} with host pages, or does nothing (see the class comment).
     *
     * @param address the first byte, on a host page boundary.
     * @param length  bytes, a multiple of the host's page size.
     */
    static void populate(final long address, final long length)
    {
        if (!usable)
        {
            return;
        }
        try
        {
            if ((int)MADVISE.invokeExact(address, length, MADV_POPULATE_WRITE) != 0)
            {
                usable = false;
            }
        }
        catch (final Throwable e)
        {
            usable = false;
        }
    }

    /**
     * Maps {@code size} bytes of fresh anonymous memory ({@code mmap}, private, not reserved against swap), which reads
     * as zero until written; or 0 where it cannot (then the caller takes the memory from {@code malloc}).
     *
     * @param size bytes, a multiple of the host's page size.
     * @return the mapping's first byte, on a page boundary, or 0.
     */
    static long map(final long size)
    {
        if (!usable)
        {
            return 0;
        }
        try
        {
            final long address = (long)MMAP.invokeExact(0L, size, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
            return address == -1 ? 0 : address;
        }
        catch (final Throwable e)
        {
            return 0;
        }
    }

    /**
     * Unmaps what {@link #map} gave.
     *
     * @param address the mapping's first byte.
     * @param size    its size.
     */
    static void unmap(final long address, final long size)
    {
        try
        {
            if ((int)MUNMAP.invokeExact(address, size) != 0)
            {
                throw new IllegalStateException(String.format("munmap(0x%x, %d) failed: that block is not a mapping " +
                    "of that size from map (a bank's memory freed twice, or BankMemory's record of it is wrong)",
                    address, size));
            }
        }
        catch (final RuntimeException | Error e)
        {
            throw e;
        }
        catch (final Throwable e)
        {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return handles on {@code int madvise(void *, size_t, int)}, {@code void *mmap(void *, size_t, int, int, int,
     *     off_t)} and {@code int munmap(void *, size_t)} (pointers as {@code long}: Linux on x86-64 or AArch64), or
     *     null where they cannot be had.
     */
    private static MethodHandle[] downcalls()
    {
        // the flags' values below are those of x86-64 and AArch64 Linux (other architectures number some otherwise)
        final String arch = System.getProperty("os.arch", "");
        if (!Boolean.getBoolean(PROPERTY) || !System.getProperty("os.name", "").startsWith("Linux") ||
            !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64")))
        {
            return null;
        }
        try
        {
            // without native access the JVM would print a warning at the first downcall: ask first (Java 22+)
            final Method nativeAccess = Module.class.getMethod("isNativeAccessEnabled");
            if (!(boolean)nativeAccess.invoke(HostPages.class.getModule()))
            {
                return null;
            }
            final Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
            final Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
            final Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
            final Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
            final Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
            final Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
            final Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
            final Object linker = linkerType.getMethod("nativeLinker").invoke(null);
            final Object symbols = linkerType.getMethod("defaultLookup").invoke(linker);
            final Method find = lookupType.getMethod("find", String.class);
            final Object j = valueLayout.getField("JAVA_LONG").get(null);
            final Object i = valueLayout.getField("JAVA_INT").get(null);
            final Method of = descriptorType.getMethod("of", layoutType, Array.newInstance(layoutType, 0).getClass());
            final Object options = Array.newInstance(optionType, 0);
            final Method downcall = linkerType.getMethod("downcallHandle", segmentType, descriptorType,
                options.getClass());
            final Object[][] signatures = {{"madvise", i, j, j, i}, {"mmap", j, j, j, i, i, i, j}, {"munmap", i, j, j}};
            final MethodHandle[] handles = new MethodHandle[signatures.length];
            for (int k = 0; k < signatures.length; k++)
            {
                final Optional<?> symbol = (Optional<?>)find.invoke(symbols, (String)signatures[k][0]);
                if (symbol.isEmpty())
                {
                    return null;
                }
                final Object args = Array.newInstance(layoutType, signatures[k].length - 2);
                for (int a = 2; a < signatures[k].length; a++)
                {
                    Array.set(args, a - 2, signatures[k][a]);
                }
                handles[k] = (MethodHandle)downcall.invoke(linker, symbol.get(), of.invoke(null, signatures[k][1],
                    args), options);
            }
            return handles;
        }
        catch (final ReflectiveOperationException | RuntimeException | LinkageError e)
        {
            return null; // before Java 22 (no such method or class, or a preview API), or a JVM that refuses
        }
    }
}
