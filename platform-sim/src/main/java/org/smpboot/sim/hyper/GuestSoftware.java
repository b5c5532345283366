package org.smpboot.sim.hyper;

import org.smpboot.sim.driver.CallFrames;
import org.smpboot.sim.boot.ElfSymbols;
import org.smpboot.sim.boot.BootFirmware;
import org.smpboot.sim.image.BootImages;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.boot.Reconfiguration;
import org.smpboot.sim.image.ArchInfoReader;
import org.smpboot.sim.image.HardConfig;
import org.smpboot.sim.hw.CodeEntry;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.kernel.KernelInit;
import org.smpboot.sim.kernel.KernelState;
import org.smpboot.sim.kernel.KernelSymbols;

/**
 * An instance's software in the simulator: its boot firmware and kernel_init bound in a code map of its own, to its
 * own devices (at the guest addresses its arch-info gives them) and its own kernel record, so that its cores, whose
 * jumps resolve through their HAT in that map, run their own copy. The bytes are what the hypervisor copies and the
 * guest reads from its disk; this is only which behaviour each function of those images has.
 */
final class GuestSoftware
{
    private GuestSoftware()
    {
    }

    /**
     * @param machine      the machine.
     * @param images       the instance's images.
     * @param options      its layout, boot flavor, the bound of each wait and the elected flavor's seal.
     * @param ttyBase      the guest address of its TTY.
     * @param iocBase      the guest address of its block device.
     * @param hatActivated what the second half of the HAT activation code does.
     * @param fault        a fault to inject, or null.
     * @return its code map and kernel record.
     */
    static Bound bind(final Machine machine, final BootImages images, final BootOptions options, final long ttyBase, final long iocBase, final CodeEntry hatActivated,
        final GuestFault fault)
    {
        final BootLayout layout = options.layout();
        final CodeMap code = new CodeMap(machine.bus());
        final KernelState kernel = new KernelState();
        code.register("preloader.elf", ElfSymbols.of(images.preloader()));
        code.register("boot.elf", ElfSymbols.of(images.boot()));
        code.register("kernel.elf", ElfSymbols.of(images.kernel()), layout.kernelShift());
        code.register("hat.elf", ElfSymbols.of(HyperImages.hat()));
        // the boot-loader finds TTY0 and the block device where its hard_config says, built from the guest's
        // arch_info.bin: it must be where the HATs remap the channels
        final HardConfig config = HardConfig.of(ArchInfoReader.read("the guest's arch_info.bin",
            images.archInfoFile()));
        if (config.txtBase() != ttyBase || config.iocBase() != iocBase)
        {
            throw new IllegalStateException(String.format("the guest's hard_config puts TTY0 at 0x%x and the IOC at " +
                "0x%x, its HATs at 0x%x and 0x%x", config.txtBase(), config.iocBase(), ttyBase, iocBase));
        }
        BootFirmware.install(machine, code, images, options, (phase, cxy) -> { }, Reconfiguration.defaults(options));
        new KernelInit(KernelSymbols.of(images.kernel(), layout.kernelShift()), kernel, options.timeout().toNanos(),
            KernelInit.TICK_CYCLES).frames(CallFrames.of("kernel.elf", images.kernel(), layout.kernelShift()))
            .bind(code);
        code.bind("hat_activated", hatActivated);
        if (fault != null)
        {
            fault.install(code);
        }
        return new Bound(code, kernel);
    }

    /**
     * @param code   the instance's code map.
     * @param kernel its kernel record.
     */
    record Bound(CodeMap code, KernelState kernel)
    {
    }
}
