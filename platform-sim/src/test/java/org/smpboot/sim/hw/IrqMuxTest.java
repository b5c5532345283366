package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/** The interrupt multiplexer: an IOPIC input hears the channel line its route names, and nothing else. */
class IrqMuxTest
{
    private static final long MUX = PhysicalAddress.of(0, (int)HyperHardware.MUX);
    private Machine m;
    private HyperHardware hw;
    private Processor hyper;

    @BeforeEach
    void fit()
    {
        m = new Machine(PlatformBuilder.build(PlatformSpec.defaults()), MachineConfig.defaults().withConsole(null)
            .withFill(Fill.ZERO));
        hw = HyperHardware.fit(m, 0, 4, 0, Duration.ofSeconds(5));
        hyper = m.processor(0, 0);
    }

    @AfterEach
    void close()
    {
        m.close();
        hw.close();
    }

    private static long route(final int pic, final int input)
    {
        return MUX + 4L * (pic * IrqMux.INPUTS + input);
    }

    private int status(final int pic, final int input)
    {
        return m.bus().read32(hyper, PhysicalAddress.of(0, (int)(HyperHardware.PIC + pic * HyperHardware
            .CHANNEL_STRIDE)) + 4L * (input * Iopic.SPAN + Iopic.STATUS));
    }

    @Test
    void anInputHearsTheSourceItsRouteNamesFromTheMomentItIsWritten()
    {
        final IrqLine tty2rx1 = hw.mux().source(DeviceType.TXT_TTY.func(), 2, 1, true);
        final IrqLine ioc3 = hw.mux().source(DeviceType.IOC_BDV.func(), 3, 0, false);
        tty2rx1.set(true);
        assertEquals(0, status(1, 17), "no route yet");
        final int r = IrqMux.route(DeviceType.TXT_TTY.func(), 2, 1, true);
        m.bus().write32(hyper, route(1, 17), r);
        assertEquals(r, m.bus().read32(hyper, route(1, 17)));
        assertEquals(1, status(1, 17), "the route takes the source's level at once");
        tty2rx1.set(false);
        assertEquals(0, status(1, 17));
        ioc3.set(true);
        assertEquals(0, status(1, 17), "another source");
        assertEquals(0, status(2, 17), "another IOPIC");
        m.bus().write32(hyper, route(1, 17), 0);
        tty2rx1.set(true);
        assertEquals(0, status(1, 17), "a cleared route hears nothing");
    }

    @Test
    void anEnabledInputForwardsTheRisingEdgeToItsMailboxThroughItsHat()
    {
        final long pic = PhysicalAddress.of(0, (int)(HyperHardware.PIC + 2 * HyperHardware.CHANNEL_STRIDE));
        final long mailbox = PhysicalAddress.of(0x10, 0xF000_0000 + Xcu.offset(Xcu.WTI_REG, 5));
        m.bus().write32(hyper, pic + 4L * (8 * Iopic.SPAN + Iopic.ADDRESS), (int)mailbox);
        m.bus().write32(hyper, pic + 4L * (8 * Iopic.SPAN + Iopic.EXTEND), 0x10);
        m.bus().write32(hyper, pic + 4L * (8 * Iopic.SPAN + Iopic.MASK), 1);
        m.bus().write32(hyper, route(2, 8), IrqMux.route(DeviceType.IOC_BDV.func(), 5, 0, false));
        hw.mux().source(DeviceType.IOC_BDV.func(), 5, 0, false).set(true);
        assertEquals(8, m.bus().read32(hyper, mailbox), "the IOPIC wrote its input number into the mailbox");
        assertTrue(assertThrows(BusError.class, () -> m.bus().read32(hyper, MUX + 4L * 4 * IrqMux.INPUTS))
            .getMessage().contains("no register"));
    }

    @Test
    void itsChannelsRegisterSaysHowManyIopicsItFeedsAndIsReadOnly()
    {
        assertEquals(4, m.bus().read32(hyper, MUX + IrqMux.CHANNELS), "fitted with 4 channels");
        assertTrue(assertThrows(BusError.class, () -> m.bus().write32(hyper, MUX + IrqMux.CHANNELS, 16))
            .getMessage().contains("read only"));
        assertEquals(4, m.bus().read32(hyper, MUX + IrqMux.CHANNELS), "the refused write changed nothing");
    }
}
