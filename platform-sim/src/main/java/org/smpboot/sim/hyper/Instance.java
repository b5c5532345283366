package org.smpboot.sim.hyper;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.image.BootImages;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.kernel.KernelState;

/**
 * One guest instance of the hypervisor: what {@code run -nc N -i I} gave it (clusters, channels), its arch-info and
 * software (its own code map and kernel record), its cores (by cluster, as the machine's arch_info lists them) and
 * where it stands.
 *
 * <p>Thread safety: changed only by the hypervisor's core; the state is volatile so that the host (tests, the CLI)
 * reads a recent one.
 */
public final class Instance
{
    /** Where an instance stands. */
    public enum State
    {
        /** Launched; kernel_init not complete yet. */
        BOOTING,
        /** Every core ticked in its idle thread: kernel_init is complete. */
        COMPLETE,
        /** A core faulted (a HAT fault or another); the instance's cores are held in reset. */
        FAULTED,
        /** Not complete within the bound; the instance's cores are held in reset. */
        TIMED_OUT;

        /** @return as {@code list} prints it. */
        public String label()
        {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    final int id;
    final List<Integer> clusters;
    final int[] lids;
    final int ioc;
    final int tty;
    final BootFlavor flavor;
    final BootLayout layout;
    final GuestArchInfo arch;
    final BootImages images;
    final Path disk;
    final Path dir;
    final CodeMap code;
    final KernelState kernel;
    final GuestFault fault;
    long launched;
    long deadline;
    private volatile State state = State.BOOTING;
    private volatile String detail = "";

    Instance(final int id, final List<Integer> clusters, final int[] lids, final int ioc, final int tty,
        final BootFlavor flavor, final BootLayout layout, final GuestArchInfo arch, final BootImages images,
        final Path disk, final Path dir, final CodeMap code, final KernelState kernel, final GuestFault fault)
    {
        this.id = id;
        this.clusters = List.copyOf(clusters);
        this.lids = lids.clone();
        this.ioc = ioc;
        this.tty = tty;
        this.flavor = flavor;
        this.layout = layout;
        this.arch = arch;
        this.images = images;
        this.disk = disk;
        this.dir = dir;
        this.code = code;
        this.kernel = kernel;
        this.fault = fault;
    }

    /** @return the instance number. */
    public int id()
    {
        return id;
    }

    /** @return its machine clusters, guest cluster 0 first. */
    public List<Integer> clusters()
    {
        return clusters;
    }

    /**
     * @param k a guest cluster.
     * @return the mask of its cores' local indexes.
     */
    int lids(final int k)
    {
        return lids[k];
    }

    /** @return its cores in all. */
    public int cores()
    {
        return arch.cores();
    }

    /** @return its IOC channel. */
    public int ioc()
    {
        return ioc;
    }

    /** @return its TTY channel, which is also its frame-buffer and IOPIC channel (seed 000: same index). */
    public int tty()
    {
        return tty;
    }

    /** @return its boot flavor. */
    public BootFlavor flavor()
    {
        return flavor;
    }

    /** @return its memory layout. */
    public BootLayout layout()
    {
        return layout;
    }

    /** @return its arch_info.bin, as the hypervisor built it. */
    public byte[] archInfo()
    {
        return arch.bytes().clone();
    }

    /** @return its software's images. */
    public BootImages images()
    {
        return images;
    }

    /** @return its disk image. */
    public Path disk()
    {
        return disk;
    }

    /** @return where its TTY logs and built disk go. */
    public Path dir()
    {
        return dir;
    }

    /** @return what the simulator observed of its kernel. */
    public KernelState kernel()
    {
        return kernel;
    }

    /** @return where it stands. */
    public State state()
    {
        return state;
    }

    /** @return why it stands there. */
    public String detail()
    {
        return detail;
    }

    void state(final State s, final String why)
    {
        this.state = s;
        this.detail = why;
    }

    /** @return whether its cores may still run. */
    boolean live()
    {
        return state == State.BOOTING || state == State.COMPLETE;
    }
}
