package org.smpboot.sim.platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a platform description file: one JSON object whose keys override a base {@link PlatformSpec} (the
 * {@code default} preset, or the one named by its {@code preset} key). Keys, all optional:
 * <pre>
 * { "preset": "leti", "x_size": 2, "y_size": 3, "cores": 4, "ttys": 3, "ioc": "BDV", "fbf_size": 128, "nics": 1,
 *   "io_cluster": [1, 2], "x_width": 4, "y_width": 4, "p_width": 2, "coreless": [[0, 2], [1, 2]] }
 * </pre>
 * An unknown key or a value of the wrong kind is an {@link IllegalArgumentException} naming the key.
 */
public final class PlatformDescription
{
    private PlatformDescription()
    {
    }

    /**
     * @param file the JSON file.
     * @return the spec, validated.
     * @throws IOException when the file cannot be read.
     * @throws IllegalArgumentException when it is not a valid description.
     */
    public static PlatformSpec read(final Path file) throws IOException
    {
        final JsonNode root;
        try
        {
            root = new ObjectMapper().readTree(file.toFile());
        }
        catch (final JsonProcessingException e)
        {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject())
        {
            throw new IllegalArgumentException(file + ": a description is one JSON object");
        }
        try
        {
            return parse(root).validate();
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    static PlatformSpec parse(final JsonNode root)
    {
        final PlatformSpec base = root.has("preset") ? PlatformSpec.preset(text(root, "preset")) : PlatformSpec.defaults();
        int xSize = base.xSize(), ySize = base.ySize(), cores = base.cores(), ttys = base.ttys(), fbf = base.fbfSize();
        int nics = base.nics(), ioX = base.ioX(), ioY = base.ioY();
        int xWidth = base.xWidth(), yWidth = base.yWidth(), pWidth = base.pWidth();
        DeviceType ioc = base.ioc();
        List<int[]> coreless = base.coreless();
        for (final Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); )
        {
            final String key = it.next().getKey();
            switch (key)
            {
                case "preset" -> { }
                case "x_size" -> xSize = integer(root, key);
                case "y_size" -> ySize = integer(root, key);
                case "cores" -> cores = integer(root, key);
                case "ttys" -> ttys = integer(root, key);
                case "ioc" -> ioc = PlatformSpec.iocType(text(root, key));
                case "fbf_size" -> fbf = integer(root, key);
                case "nics" -> nics = integer(root, key);
                case "x_width" -> xWidth = integer(root, key);
                case "y_width" -> yWidth = integer(root, key);
                case "p_width" -> pWidth = integer(root, key);
                case "io_cluster" ->
                {
                    final int[] xy = pair(root.get(key), key);
                    ioX = xy[0];
                    ioY = xy[1];
                }
                case "coreless" ->
                {
                    final JsonNode list = root.get(key);
                    if (!list.isArray())
                    {
                        throw new IllegalArgumentException("coreless must be a list of [x, y] pairs");
                    }
                    final List<int[]> pairs = new ArrayList<>();
                    list.forEach(n -> pairs.add(pair(n, key)));
                    coreless = List.copyOf(pairs);
                }
                default -> throw new IllegalArgumentException("unknown key '" + key + "' (known: preset, x_size, " +
                    "y_size, cores, ttys, ioc, fbf_size, nics, io_cluster, x_width, y_width, p_width, coreless)");
            }
        }
        return new PlatformSpec(xSize, ySize, cores, ttys, ioc, fbf, nics, ioX, ioY, xWidth, yWidth, pWidth, coreless);
    }

    private static int integer(final JsonNode root, final String key)
    {
        final JsonNode n = root.get(key);
        if (!n.isInt())
        {
            throw new IllegalArgumentException(key + " must be an integer, got " + n);
        }
        return n.intValue();
    }

    private static String text(final JsonNode root, final String key)
    {
        final JsonNode n = root.get(key);
        if (!n.isTextual())
        {
            throw new IllegalArgumentException(key + " must be a string, got " + n);
        }
        return n.textValue();
    }

    private static int[] pair(final JsonNode n, final String key)
    {
        if (!n.isArray() || n.size() != 2 || !n.get(0).isInt() || !n.get(1).isInt())
        {
            throw new IllegalArgumentException(key + " wants [x, y] pairs of integers, got " + n);
        }
        return new int[] {n.get(0).intValue(), n.get(1).intValue()};
    }
}
