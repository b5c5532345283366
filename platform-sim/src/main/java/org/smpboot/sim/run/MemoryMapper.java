package org.smpboot.sim.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.agrona.concurrent.UnsafeBuffer;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.boot.Magic;
import org.smpboot.sim.boot.BootElf;
import org.smpboot.sim.boot.ElectedFlavor;
import org.smpboot.sim.boot.MemoryMapRecorder;
import org.smpboot.sim.hw.Bank;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.StackDepths;
import org.smpboot.sim.image.BootImages;
import org.smpboot.sim.image.BootInfo;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.kernel.ChdevDirectory;
import org.smpboot.sim.kernel.CoreDescriptor;
import org.smpboot.sim.kernel.FatfsContext;
import org.smpboot.sim.kernel.KernelSymbols;
import org.smpboot.sim.kernel.PageManager;
import org.smpboot.sim.kernel.ThreadDescriptor;
import org.smpboot.sim.kernel.VfsContext;
import org.smpboot.sim.kernel.VfsInode;
import org.smpboot.sim.trace.BootPhase;

/**
 * Records the memory map of clusters when the boot-loader says a phase is over for them, and of every cluster once
 * kernel_init has completed, by looking at the memory itself: a zone holds an image only if its bytes are there, byte for byte (boot_info, which the boot builds, by its
 * signature and its cluster). Looking is raw (uncounted) and never touches a page that was not touched before, so
 * the maps change neither the access counts nor the sparse memory.
 */
public final class MemoryMapper implements MemoryMapRecorder
{
    private record Found(Content content, int start, int length, int lid)
    {
    }

    private record Zone(String name, int base, int size)
    {
    }

    private final Machine machine;
    private final BootImages images;
    private final BootLayout layout;
    private final List<Zone> zones;
    private final Map<String, MemoryMap> maps = new ConcurrentHashMap<>();
    // the images' bytes, copied out once (a segment's data() is a fresh copy, and every cluster is looked at after
    // every phase)
    private final ElfSegment reset;
    private final byte[] resetBytes;
    private final ElfSegment kcode;
    private final ElfSegment kdata;
    private final byte[] kcodeBytes;
    private final byte[] kdataTail;
    private final List<ElfSegment> bootSegments;
    private final List<byte[]> bootBytes;

    /**
     * @param machine the machine.
     * @param images  what should be in memory.
     * @param layout  where.
     */
    public MemoryMapper(final Machine machine, final BootImages images, final BootLayout layout)
    {
        this.machine = machine;
        this.images = images;
        this.layout = layout;
        this.reset = images.preloader().segments().get(0);
        this.resetBytes = reset.data();
        this.kcode = images.kernel().segment(".kcode").orElseThrow();
        this.kdata = images.kernel().segment(".kdata").orElseThrow();
        this.kcodeBytes = kcode.data();
        this.kdataTail = Arrays.copyOfRange(kdata.data(), BootInfo.LENGTH, kdata.fileSize());
        this.bootSegments = images.boot().segments();
        this.bootBytes = bootSegments.stream().map(ElfSegment::data).toList();
        final int kernelZone = layout.kernelBase() == 0 ? layout.bootBase() : layout.bootBase() - layout.kernelBase();
        this.zones = List.of(new Zone("preloader", BootLayout.PRELOADER_BASE, BootLayout.PRELOADER_SIZE),
            new Zone("kernel", layout.kernelBase(), kernelZone),
            new Zone("boot-loader", layout.bootBase(), BootLayout.BOOT_ZONE_SIZE),
            new Zone("arch_info", layout.archInfoBase(), layout.archInfoSize()),
            new Zone("kernel.elf", layout.kernelElfBase(), layout.kernelElfSize()),
            new Zone("boot stacks", layout.stackBase(), BootLayout.STACK_ZONE_SIZE),
            new Zone("election", ElectedFlavor.ZONE_BASE, ElectedFlavor.ZONE_LENGTH),
            new Zone("arrival roll", ElectedFlavor.ROLL_BASE, ElectedFlavor.ROLL_LENGTH));
    }

    @Override
    public void record(final BootPhase phase, final int cxy)
    {
        if (cxy >= 0)
        {
            maps.put(key(phase, cxy), inspect(phase, cxy));
            return;
        }
        for (final Bank b : machine.banks())
        {
            maps.put(key(phase, b.cxy()), inspect(phase, b.cxy()));
        }
    }

    /** @return every map recorded, by phase then cluster. */
    public List<MemoryMap> maps()
    {
        final List<MemoryMap> list = new ArrayList<>(maps.values());
        list.sort(Comparator.comparing(MemoryMap::phase).thenComparingInt(MemoryMap::cxy));
        return list;
    }

    /**
     * @param phase a phase.
     * @param cxy   a cluster.
     * @return its map after that phase, or null when none was recorded.
     */
    public MemoryMap map(final BootPhase phase, final int cxy)
    {
        return maps.get(key(phase, cxy));
    }

    private static String key(final BootPhase phase, final int cxy)
    {
        return phase + "/" + cxy;
    }

    /**
     * @param phase the phase the map is labelled with.
     * @param cxy   the cluster.
     * @return what its memory holds now.
     */
    public MemoryMap inspect(final BootPhase phase, final int cxy)
    {
        final Bank bank = machine.bus().bank(cxy);
        if (bank == null)
        {
            throw new IllegalArgumentException(String.format("cluster 0x%02x has no RAM", cxy));
        }
        final List<Found> found = find(bank, cxy, phase);
        if (phase == BootPhase.KERNEL)
        {
            kernelStructures(bank, cxy, found);
        }
        final List<ZoneUse> uses = new ArrayList<>();
        for (final Zone z : zones)
        {
            final Set<Content> holds = EnumSet.noneOf(Content.class);
            final List<Found> stackFrames = new ArrayList<>();
            long used = 0;
            for (final Found f : found)
            {
                final long from = Math.max(z.base, f.start);
                final long to = Math.min((long)z.base + z.size, (long)f.start + f.length);
                if (from < to)
                {
                    holds.add(f.content);
                    if (f.content == Content.STACKS)
                    {
                        stackFrames.add(f);
                    }
                    used += f.content == Content.BOOT_INFO ? 0 : to - from;
                }
            }
            stackFrames.sort(Comparator.comparingInt(Found::lid));
            uses.add(new ZoneUse(z.name, z.base, z.size, holds, stackFrames.stream().map(Found::lid).toList(),
                stackFrames.stream().map(Found::length).toList(), used, touched(bank, z.base, z.size)));
        }
        return new MemoryMap(phase, cxy, uses);
    }

    private List<Found> find(final Bank bank, final int cxy, final BootPhase phase)
    {
        final List<Found> found = new ArrayList<>();
        if (holds(bank, reset.paddr(), resetBytes))
        {
            found.add(new Found(Content.PRELOADER, reset.paddr(), reset.memSize(), -1));
        }
        final int span = kdata.paddr() + kdata.memSize() - kcode.paddr();
        for (final int at : new int[] {kcode.paddr(), layout.kernelBase()})
        {
            final int dataAt = at + kdata.paddr() - kcode.paddr();
            // once kernel_init has run, kdata holds its variables (local_cxy...): the code alone proves the kernel
            if (holds(bank, at, kcodeBytes) && (phase == BootPhase.KERNEL || holds(bank, dataAt + BootInfo.LENGTH,
                kdataTail)))
            {
                found.add(new Found(at == layout.kernelBase() ? Content.KERNEL : Content.KERNEL_STAGED, at, span, -1));
                if (resident(bank, dataAt, BootInfo.LENGTH))
                {
                    final BootInfo info = new BootInfo().wrap(bank.window(dataAt, BootInfo.LENGTH), 0);
                    if (info.signature() == BootInfo.SIGNATURE && info.cxy() == cxy)
                    {
                        found.add(new Found(Content.BOOT_INFO, dataAt, BootInfo.LENGTH, -1));
                    }
                }
            }
            if (at == layout.kernelBase())
            {
                break; // almos-mkh: link address and final address are the same
            }
        }
        boolean bootLoader = true;
        for (int i = 0; i < bootSegments.size() && bootLoader; i++)
        {
            bootLoader = holds(bank, bootSegments.get(i).paddr(), bootBytes.get(i));
        }
        if (bootLoader)
        {
            final ElfSegment last = bootSegments.get(bootSegments.size() - 1);
            found.add(new Found(Content.BOOT_LOADER, layout.bootBase(), last.paddr() + last.memSize() -
                layout.bootBase(), -1));
        }
        if (holds(bank, layout.archInfoBase(), images.archInfoFile()))
        {
            found.add(new Found(Content.ARCH_INFO, layout.archInfoBase(), images.archInfoFile().length, -1));
        }
        if (holds(bank, layout.kernelElfBase(), images.kernelFile()))
        {
            found.add(new Found(Content.KERNEL_ELF, layout.kernelElfBase(), images.kernelFile().length, -1));
        }
        if (resident(bank, ElectedFlavor.ZONE_BASE, BootBlock.LENGTH))
        {
            final BootBlock block = new BootBlock().wrap(bank.window(ElectedFlavor.ZONE_BASE, BootBlock.LENGTH), 0);
            if (block.asmMagicVal() == Magic.MAGIC2 && block.isPublished())
            {
                found.add(new Found(Content.ELECTION, ElectedFlavor.ZONE_BASE, ElectedFlavor.ZONE_LENGTH, -1));
                // the leader clears its roll before it publishes the block
                found.add(new Found(Content.ARRIVAL_ROLL, ElectedFlavor.ROLL_BASE, ElectedFlavor.ROLL_LENGTH, -1));
            }
        }
        for (int slot = 0; slot <= BootLayout.BOOTSTRAP_SLOT; slot++)
        {
            // a boot-stack slot holds a core's frame: in the tsar flavor core lid's at slot lid; in the elected
            // flavor whichever core of the cluster drew that slot from its start_stack_pool (and the leader's
            // bootstrap stack); its used part is what the cores' frames reached, the deepest stack pointer the
            // simulator recorded for it (at least the marker frame)
            final int top = layout.stackPointer(slot);
            final int frame = top - 16;
            if (resident(bank, frame, 16))
            {
                final UnsafeBuffer w = bank.window(frame, 16);
                final int lid = w.getInt(8);
                if (w.getInt(0) == BootElf.STACK_MARK && lid >= 0 && lid <= BootLayout.BOOTSTRAP_SLOT &&
                    w.getInt(12) == cxy)
                {
                    final StackDepths.Depth d = machine.stackDepths().of(cxy, top);
                    final int used = Math.max(16, d == null ? 0 : d.used());
                    found.add(new Found(Content.STACKS, top - used, used, lid));
                }
            }
        }
        return found;
    }

    /**
     * After kernel_init: the page descriptor array and the idle stacks, found from the ppm header in kdata and the
     * core descriptors when boot_info of this cluster, the header and the array are resident and consistent.
     */
    private void kernelStructures(final Bank bank, final int cxy, final List<Found> found)
    {
        final KernelSymbols syms = KernelSymbols.of(images.kernel(), layout.kernelShift());
        if (!resident(bank, syms.kdata(), BootInfo.LENGTH) || !resident(bank, syms.ppm(), PageManager.HEADER_SIZE))
        {
            return;
        }
        final BootInfo info = new BootInfo().wrap(bank.window(syms.kdata(), BootInfo.LENGTH), 0);
        final UnsafeBuffer header = bank.window(syms.ppm(), PageManager.HEADER_SIZE);
        final int pagesNr = header.getInt(PageManager.PAGES_NR);
        final int tbl = header.getInt(PageManager.PAGES_TBL);
        if (info.signature() != BootInfo.SIGNATURE || info.cxy() != cxy || pagesNr != info.pagesNr() ||
            tbl != info.pagesOffset() * PageManager.PAGE || !resident(bank, tbl, PageManager.tableBytes(pagesNr)))
        {
            return;
        }
        found.add(new Found(Content.PAGE_DESCRIPTORS, tbl, PageManager.tableBytes(pagesNr), -1));
        for (int i = 0; i < info.coresNr() && i < BootInfo.MAX_LOCAL_CORES; i++)
        {
            final int slot = syms.coreDescriptors() + i * KernelSymbols.CORE_SIZE;
            if (!resident(bank, slot, KernelSymbols.CORE_SIZE))
            {
                continue;
            }
            final int idle = bank.window(slot, KernelSymbols.CORE_SIZE).getInt(CoreDescriptor.IDLE);
            if (idle == 0 || !resident(bank, idle, ThreadDescriptor.SIZE))
            {
                continue;
            }
            final UnsafeBuffer t = bank.window(idle, ThreadDescriptor.SIZE);
            final int base = t.getInt(ThreadDescriptor.STACK_BASE);
            final int size = t.getInt(ThreadDescriptor.STACK_SIZE);
            if (size > 0 && bank.contains(base & 0xFFFF_FFFFL, size))
            {
                found.add(new Found(Content.IDLE_STACKS, base, size, -1));
            }
        }
        vfs(bank, cxy, syms, found);
    }

    /** D4's chdev directory and D6's file system objects, found from kdata when they hold what D4 and D6 write. */
    private static void vfs(final Bank bank, final int cxy, final KernelSymbols syms, final List<Found> found)
    {
        if (resident(bank, syms.chdevDir(), ChdevDirectory.SIZE))
        {
            final UnsafeBuffer dir = bank.window(syms.chdevDir(), ChdevDirectory.SIZE);
            for (int slot = 0; slot < ChdevDirectory.SIZE; slot += 8)
            {
                if (dir.getLong(slot) != 0)
                {
                    found.add(new Found(Content.CHDEV_DIR, syms.chdevDir(), ChdevDirectory.SIZE, -1));
                    break;
                }
            }
        }
        if (!resident(bank, syms.vfsRoot(), VfsInode.SIZE) || !resident(bank, syms.vfsCtx(), VfsContext.SIZE) ||
            !resident(bank, syms.fatfsCtx(), FatfsContext.SIZE) ||
            bank.window(syms.vfsRoot(), VfsInode.SIZE).getInt(VfsInode.MAGIC_AT) != VfsInode.MAGIC)
        {
            return;
        }
        found.add(new Found(Content.VFS, syms.fatfsCtx(), syms.vfsRoot() + VfsInode.SIZE - syms.fatfsCtx(), -1));
        final UnsafeBuffer ctx = bank.window(syms.vfsCtx(), VfsContext.SIZE);
        final int block = ctx.getInt(VfsContext.DENTRIES);
        final int size = ctx.getInt(VfsContext.DENTRIES_SIZE);
        if (block != 0 && size > 0 && bank.contains(block & 0xFFFF_FFFFL, size))
        {
            found.add(new Found(Content.VFS, block, size, -1));
        }
        final UnsafeBuffer fat = bank.window(syms.fatfsCtx(), FatfsContext.SIZE);
        final long buffer = fat.getLong(FatfsContext.BUFFER_XP);
        final int bytes = fat.getInt(FatfsContext.BUFFER_SIZE);
        if (PhysicalAddress.cxy(buffer) == cxy && bytes > 0 &&
            bank.contains(PhysicalAddress.offset(buffer), bytes))
        {
            found.add(new Found(Content.FS_BUFFER, (int)PhysicalAddress.offset(buffer), bytes, -1));
        }
    }

    private static boolean holds(final Bank bank, final int at, final byte[] expected)
    {
        if (!resident(bank, at, expected.length))
        {
            return false;
        }
        // compared in place, a word at a time: a boot maps every cluster after every phase, so copying each image out
        // of the bank first was a large share of what explore spent per seed
        final UnsafeBuffer actual = bank.window(at, expected.length);
        final UnsafeBuffer wanted = new UnsafeBuffer(expected);
        final int words = expected.length & ~7;
        for (int i = 0; i < words; i += 8)
        {
            if (actual.getLong(i) != wanted.getLong(i))
            {
                return false;
            }
        }
        for (int i = words; i < expected.length; i++)
        {
            if (actual.getByte(i) != expected[i])
            {
                return false;
            }
        }
        return true;
    }

    private static boolean resident(final Bank bank, final int at, final int length)
    {
        if (!bank.contains(at, length) || length == 0)
        {
            return false;
        }
        for (int p = at >>> Bank.PAGE_SHIFT; p <= (at + length - 1) >>> Bank.PAGE_SHIFT; p++)
        {
            if (!bank.isResident(p))
            {
                return false;
            }
        }
        return true;
    }

    private static long touched(final Bank bank, final int base, final int size)
    {
        long n = 0;
        for (int p = base >>> Bank.PAGE_SHIFT; p < (base + size) >>> Bank.PAGE_SHIFT; p++)
        {
            n += bank.isResident(p) ? Bank.PAGE : 0;
        }
        return n;
    }
}
