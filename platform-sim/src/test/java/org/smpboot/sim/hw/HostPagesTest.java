package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Bank pages backed by a system call before their first touch, where the JVM can make it. */
class HostPagesTest
{
    private static final long MIB = 1 << 20;

    @Test
    void populatingARangeKeepsWhatItHoldsAndItTakesWritesWhereverItRuns()
    {
        // malloc may hand out memory used before (a block under its mmap threshold): what a range holds is the bank's
        // business (its fill), and backing it must leave it as it is, backed already or not
        final long block = BankMemory.allocate(MIB);
        try
        {
            final UnsafeBuffer b = new UnsafeBuffer(block, (int)MIB);
            for (int at = 0; at < MIB / 2; at += Bank.PAGE)
            {
                b.putLong(at, ~at);
            }
            HostPages.populate(block, MIB);
            for (int at = 0; at < MIB; at += Bank.PAGE)
            {
                if (at < MIB / 2)
                {
                    assertEquals(~at, b.getLong(at), "a page backed before keeps its content at " + at);
                }
                b.putLong(at, at);
            }
            for (int at = 0; at < MIB; at += Bank.PAGE)
            {
                assertEquals(at, b.getLong(at));
            }
        }
        finally
        {
            BankMemory.free(block);
        }
    }

    @Test
    void onAJvmWithTheForeignFunctionApiAndNativeAccessTheCallIsMade() throws Exception
    {
        // the tests run with --enable-native-access (the root pom's JVM flags), as the launcher's commands do; Java 17
        // has neither the API nor the module method, and the pages are backed by their first touch there
        assumeTrue(Runtime.version().feature() >= 22, "the foreign function API is final from Java 22");
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "madvise(MADV_POPULATE_WRITE) is Linux's");
        assertTrue((boolean)Module.class.getMethod("isNativeAccessEnabled").invoke(HostPages.class.getModule()),
            "native access enabled for the tests");
        final long block = BankMemory.allocate(MIB);
        try
        {
            HostPages.populate(block, MIB);
            assertTrue(HostPages.populating(), "madvise(MADV_POPULATE_WRITE) made and accepted (Linux 5.14 or later)");
        }
        finally
        {
            BankMemory.free(block);
        }
    }
}
