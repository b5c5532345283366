package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

class TtyTest
{
    private static final int BASE = 0xF400_0000;

    @TempDir
    Path dir;

    private Machine machine;

    @AfterEach
    void close()
    {
        if (machine != null)
        {
            machine.close();
        }
    }

    private Machine build(final PrintStream console)
    {
        machine = new Machine(PlatformBuilder.build(PlatformSpec.defaults()),
            MachineConfig.defaults().withConsole(console).withTtyDir(dir.resolve("ttys")));
        return machine;
    }

    private static long reg(final int channel, final int word)
    {
        return PhysicalAddress.of(0, BASE + channel * Tty.SPAN * 4 + word * 4);
    }

    private void put(final Initiator who, final int channel, final String s)
    {
        for (final byte b : s.getBytes(StandardCharsets.UTF_8))
        {
            machine.bus().write32(who, reg(channel, Tty.WRITE), b);
        }
    }

    @Test
    void factoryMakesATtyWithTheSpecsChannels()
    {
        build(null);
        final Tty tty = (Tty)machine.device(0, DeviceType.TXT_TTY);
        assertEquals(3, tty.channels());
        assertEquals("tty[0x00]", tty.name());
    }

    @Test
    void charsLandInTheChannelsFileAndChannelZeroOnTheConsole() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        build(new PrintStream(out, true, StandardCharsets.UTF_8));
        final Processor core = machine.processor(0, 0);
        put(core, 0, "hello\nwor");
        put(core, 1, "other channel\n");
        final Tty tty = (Tty)machine.device(0, DeviceType.TXT_TTY);
        // A partial line stays off the console, but the file and output() have every byte.
        assertEquals("hello\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("hello\nwor", tty.output(0));
        assertEquals("other channel\n", tty.output(1));
        assertEquals("other channel\n", Files.readString(dir.resolve("ttys/tty1.log")));
        put(core, 0, "ld\n");
        assertEquals("hello\nworld\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("hello\nworld\n", Files.readString(dir.resolve("ttys/tty0.log")));
        assertEquals("", Files.readString(dir.resolve("ttys/tty2.log")));
        put(core, 0, "tail");
        machine.close();
        machine = null;
        assertEquals("hello\nworld\ntail", Files.readString(dir.resolve("ttys/tty0.log")));
        assertEquals("hello\nworld\ntail", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void consoleLinesStayWholeWhileOthersPrintOnTheSameStream() throws Exception
    {
        // A core emits one char per register write; other users of the console print whole lines meanwhile.
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);
        build(console);
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final String line = "tty line from core 2, long enough to be cut if it were not buffered";
        final Thread core = new Thread(() ->
        {
            try
            {
                for (int i = 0; i < 100; i++)
                {
                    put(machine.processor(0, 2), 0, line + "\n");
                }
            }
            catch (final Throwable e)
            {
                errors.add(e);
            }
        });
        final Thread other = new Thread(() ->
        {
            for (int i = 0; i < 100; i++)
            {
                console.println("simulator message");
            }
        });
        core.start();
        other.start();
        core.join(10_000);
        other.join(10_000);
        assertTrue(!core.isAlive() && !other.isAlive(), "writers still running");
        assertEquals(List.of(), errors);
        final String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(200, lines.length);
        for (final String l : lines)
        {
            assertTrue(l.equals(line) || l.equals("simulator message"), l);
        }
    }

    @Test
    void fedInputIsReadOnceWithStatusAndRxLine()
    {
        build(null);
        final Tty tty = (Tty)machine.device(0, DeviceType.TXT_TTY);
        final List<Boolean> levels = new CopyOnWriteArrayList<>();
        tty.connectIrq(2, true, levels::add);
        final Processor core = machine.processor(0, 1);
        assertEquals(0, machine.bus().read32(core, reg(2, Tty.STATUS)));
        assertEquals(0, machine.bus().read32(core, reg(2, Tty.READ)));
        tty.feed(2, "ok");
        assertEquals(Tty.STATUS_RX_FULL, machine.bus().read32(core, reg(2, Tty.STATUS)));
        assertEquals(0, machine.bus().read32(core, reg(1, Tty.STATUS)), "other channels see nothing");
        assertEquals(true, levels.get(levels.size() - 1));
        assertEquals('o', machine.bus().read32(core, reg(2, Tty.READ)));
        assertEquals(true, levels.get(levels.size() - 1));
        assertEquals('k', machine.bus().read32(core, reg(2, Tty.READ)));
        assertEquals(false, levels.get(levels.size() - 1));
        assertEquals(0, machine.bus().read32(core, reg(2, Tty.STATUS)));
        assertEquals(0, machine.bus().read32(core, reg(2, Tty.READ)));
    }

    @Test
    void configIsStoredAndReadOnlyRegistersRefuseWrites()
    {
        build(null);
        final Processor core = machine.processor(0, 0);
        machine.bus().write32(core, reg(1, Tty.CONFIG), 0x1234);
        assertEquals(0x1234, machine.bus().read32(core, reg(1, Tty.CONFIG)));
        assertEquals(0, machine.bus().read32(core, reg(0, Tty.CONFIG)));
        final BusError e = assertThrows(BusError.class, () -> machine.bus().write32(core, reg(0, Tty.STATUS), 1));
        assertTrue(e.getMessage().contains("tty[0x00] channel 0 STATUS is read-only"), e.getMessage());
        final BusError beyond = assertThrows(BusError.class, () -> machine.bus().read32(core, reg(3, Tty.STATUS)));
        assertTrue(beyond.getMessage().contains("has 3 channels, no channel 3"), beyond.getMessage());
    }
}
