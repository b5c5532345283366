package org.smpboot.stress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The tests a jcstress run must report: every line of the jar's {@code META-INF/TestList} whose name matches the
 * {@code -t} selection the way jcstress matches it ({@code Matcher.find}). Read independently of jcstress so that a test
 * it silently drops (no scheduling for its actor count, a filter that matches nothing) is noticed.
 */
public final class ExpectedTests
{
    private static final String TEST_LIST = "META-INF/TestList";

    private ExpectedTests()
    {
    }

    /**
     * @param jar       the jcstress uber-jar.
     * @param selection the {@code -t} regex, or null for all.
     * @return test class name to actor count, sorted by name.
     * @throws IOException when the jar cannot be read.
     */
    static Map<String, Integer> read(final Path jar, final String selection) throws IOException
    {
        final Pattern filter = Pattern.compile(selection == null ? "" : selection);
        final Map<String, Integer> tests = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile()))
        {
            final ZipEntry entry = zip.getEntry(TEST_LIST);
            if (entry == null)
            {
                throw new IOException(jar + " has no " + TEST_LIST + " (was the annotation processor run? -proc:full)");
            }
            read(zip.getInputStream(entry), filter, tests);
        }
        return tests;
    }

    /**
     * @return every test this module's {@code META-INF/TestList} lists (read from the class path), name to actor count.
     * @throws IOException when the list is missing (the annotation processor did not run) or unreadable.
     */
    public static Map<String, Integer> onClassPath() throws IOException
    {
        final Map<String, Integer> tests = new TreeMap<>();
        try (InputStream in = ExpectedTests.class.getClassLoader().getResourceAsStream(TEST_LIST))
        {
            if (in == null)
            {
                throw new IOException("no " + TEST_LIST + " on the class path (was the annotation processor run?)");
            }
            read(in, Pattern.compile(""), tests);
        }
        return tests;
    }

    private static void read(final InputStream stream, final Pattern filter, final Map<String, Integer> tests)
        throws IOException
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                if (!line.startsWith("JCTEST"))
                {
                    continue;
                }
                final String[] fields = fields(line.substring("JCTEST".length()), 5);
                if (filter.matcher(fields[0]).find())
                {
                    tests.put(fields[0], Integer.parseInt(fields[4]));
                }
            }
        }
    }

    /**
     * Splits jcstress's length-prefixed encoding: each field is {@code <length><type char><value>}.
     *
     * @param encoded the line after its {@code JCTEST} marker.
     * @param count   fields wanted (the name is field 0, the actor count field 4 in jcstress 0.16).
     * @return the first {@code count} values.
     */
    private static String[] fields(final String encoded, final int count)
    {
        final String[] fields = new String[count];
        int at = 0;
        for (int f = 0; f < count; f++)
        {
            int digits = at;
            while (digits < encoded.length() && Character.isDigit(encoded.charAt(digits)))
            {
                digits++;
            }
            if (digits == at || digits >= encoded.length())
            {
                throw new IllegalArgumentException("unreadable " + TEST_LIST + " line: " + encoded);
            }
            final int length = Integer.parseInt(encoded.substring(at, digits));
            final int value = digits + 1; // skip the type character (S, I, B)
            fields[f] = encoded.substring(value, value + length);
            at = value + length;
        }
        return fields;
    }
}
