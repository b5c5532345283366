package org.smpboot.sim.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Bytes TXT0 echoes, decoded and passed on to the command's output at each flush (the TTY flushes per line). */
final class WriterStream extends OutputStream
{
    private final PrintWriter writer;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    WriterStream(final PrintWriter writer)
    {
        this.writer = writer;
    }

    @Override
    public synchronized void write(final int b)
    {
        pending.write(b);
    }

    @Override
    public synchronized void write(final byte[] b, final int off, final int len)
    {
        pending.write(b, off, len);
    }

    @Override
    public synchronized void flush()
    {
        if (pending.size() > 0)
        {
            writer.print(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
        }
        writer.flush();
    }
}
