package org.smpboot.sim.hyper;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.Initiator;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.kernel.KernelState;
import org.smpboot.sim.platform.Platform;

/**
 * One guest instance of the hypervisor: what {@code run -nc N -i I} gave it (clusters, channels), its software (its
 * own code map and kernel state), its cores, and where it stands.
 *
 * <p>Thread safety: the state is volatile and changed by the hypervisor under its lock; the first fault is recorded
 * once, from any thread ({@link #refused}).
 */
final class Instance implements HatFaults
{
    /** Where an instance stands. */
    enum State
    {
        /** Launched; kernel_init not complete yet. */
        BOOTING,
        /** Every core ticked in its idle thread: kernel_init is complete. */
        COMPLETE,
        /** A core faulted (a HAT fault or another); the instance's cores are stopped. */
        FAULTED,
        /** Not complete within the bound; the instance's cores are stopped. */
        TIMED_OUT;

        String label()
        {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    final int id;
    final List<Integer> clusters;
    final int ioc;
    final int tty;
    final Platform guest;
    final Path disk;
    final Path ttyDir;
    final CodeMap code;
    final KernelState kernel;
    final List<Processor> cores;
    final GuestDevices devices;
    final HatTable table;
    final Hat ioHat;
    final long startedNanos;
    final long deadlineNanos;
    /** Cores that have activated their HAT (the launch step waits for all of them). */
    final AtomicInteger activated = new AtomicInteger();
    private final AtomicReference<String> hatFault = new AtomicReference<>();
    private volatile State state = State.BOOTING;
    private volatile String detail = "";

    Instance(final int id, final List<Integer> clusters, final int ioc, final int tty, final Platform guest,
        final Path disk, final Path ttyDir, final CodeMap code, final KernelState kernel, final List<Processor> cores,
        final GuestDevices devices, final HatTable table, final Hat ioHat, final long timeoutNanos)
    {
        this.id = id;
        this.clusters = List.copyOf(clusters);
        this.ioc = ioc;
        this.tty = tty;
        this.guest = guest;
        this.disk = disk;
        this.ttyDir = ttyDir;
        this.code = code;
        this.kernel = kernel;
        this.cores = List.copyOf(cores);
        this.devices = devices;
        this.table = table;
        this.ioHat = ioHat;
        this.startedNanos = System.nanoTime();
        this.deadlineNanos = startedNanos + timeoutNanos;
    }

    @Override
    public void refused(final Hat hat, final Initiator who, final String access, final long paddr,
        final int length)
    {
        final String core = who instanceof Processor p ? String.format("%s (guest gid 0x%03x)", p.name(), p.gid()) :
            who.name();
        hatFault.compareAndSet(null, String.format("HAT fault: instance %d, %s, %s of %d bytes at guest address %s " +
            "(%s): outside its clusters and channels, nothing read or written", id, core, access, Math.max(length, 0),
            PhysicalAddress.format(paddr), hat.name()));
    }

    /** @return the first HAT fault, as one line, or null. */
    String hatFault()
    {
        return hatFault.get();
    }

    State state()
    {
        return state;
    }

    String detail()
    {
        return detail;
    }

    void state(final State s, final String why)
    {
        this.state = s;
        this.detail = why;
    }

    /** @return the frame-buffer channel: the TTY channel's index (seed 000). */
    int fbf()
    {
        return tty;
    }
}
