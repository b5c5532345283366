package org.smpboot.sim.report;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.smpboot.sim.trace.BarrierLog;
import org.smpboot.sim.hw.ServiceQueue;
import org.smpboot.sim.hw.StepTable;
import org.smpboot.sim.hw.AccessKind;
import org.smpboot.runtime.boot.Magic;
import org.smpboot.sim.boot.ElectionState;
import org.smpboot.sim.boot.Reconfiguration;
import org.smpboot.sim.kernel.KernelEntry;
import org.smpboot.sim.kernel.KernelState;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.Content;
import org.smpboot.sim.run.MemoryMap;
import org.smpboot.sim.run.ZoneUse;
import org.smpboot.sim.trace.BootPhase;

/**
 * Writes a boot's {@code report.json}: the platform, the options, whether it completed, its faults, every core's
 * kernel_init entry, the memory maps by phase and cluster, and per phase the accesses to the boot cluster's bank.
 * The report is what scripts read instead of parsing the console: addresses are hex strings; cluster ids (cxy),
 * gids and counts are numbers. {@value #SCHEMA} (beside this class) describes it, field by field; the report says
 * which version of it it follows ({@code schema_version}).
 */
public final class BootReportWriter
{
    /** The report's format version ({@code schema_version}): grows when a field changes meaning or goes away. */
    public static final int SCHEMA_VERSION = 1;
    /** The JSON Schema (draft 2020-12) of the report, a resource of this package (in the repository and the jar). */
    public static final String SCHEMA = "report.schema.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BootReportWriter()
    {
    }

    /**
     * @param result the boot.
     * @param file   where to write.
     * @throws IOException on write errors.
     */
    public static void write(final BootResult result, final Path file) throws IOException
    {
        JSON.writeValue(file.toFile(), report(result));
    }

    /**
     * @param result the boot.
     * @return the report as a JSON tree.
     */
    public static ObjectNode report(final BootResult result)
    {
        final Platform p = result.platform();
        final ObjectNode root = JSON.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        final ObjectNode platform = root.putObject("platform");
        platform.put("name", p.name());
        platform.put("x_size", p.xSize());
        platform.put("y_size", p.ySize());
        platform.put("clusters", p.clusters().size());
        platform.put("cores", p.cores().size());
        platform.put("io_cluster", p.ioCxy());
        platform.put("boot_cluster", p.bootCxy());
        final ObjectNode options = root.putObject("options");
        options.put("layout", result.options().layout().cliName());
        options.put("fill", result.fill());
        options.put("timeout_s", result.options().timeout().toSeconds());
        options.put("misorder", result.options().misorder());
        options.put("flavor", result.options().flavor().cliName());
        options.put("barrier", result.options().barrier().cliName());
        if (result.seed() != null)
        {
            options.put("seed", result.seed());
        }
        root.put("complete", result.complete());
        root.put("duration_ms", result.millis());
        final ArrayNode faults = root.putArray("faults");
        result.faults().forEach(faults::add);
        final ArrayNode injected = root.putArray("injected");
        result.injected().faults().forEach(f -> injected.add(f.toString()));
        final ArrayNode excluded = root.putArray("excluded");
        for (final Reconfiguration.Exclusion e : result.reconfiguration().exclusions())
        {
            final ObjectNode n = excluded.addObject();
            n.put("gid", e.gid());
            n.put("cxy", e.cxy());
            n.put("reason", e.reason());
            n.put("answered_late", result.reconfiguration().late().contains(e.gid()));
        }
        root.put("wake_deadline_ms", result.reconfiguration().wakeDeadline().toMillis());
        final ArrayNode entries = root.putArray("entries");
        for (final KernelEntry e : result.entries())
        {
            final ObjectNode n = entries.addObject();
            n.put("gid", e.gid());
            n.put("cxy", e.cxy());
            n.put("lid", e.lid());
            n.put("sp", hex(e.sp()));
            n.put("boot_info", hex(e.bootInfo()));
        }
        final ArrayNode maps = root.putArray("memory_maps");
        for (final MemoryMap m : result.maps())
        {
            final ObjectNode n = maps.addObject();
            n.put("phase", m.phase().label());
            n.put("title", result.options().flavor().title(m.phase()));
            n.put("cluster", m.cxy());
            final ArrayNode zones = n.putArray("zones");
            for (final ZoneUse z : m.zones())
            {
                final ObjectNode zn = zones.addObject();
                zn.put("zone", z.zone());
                zn.put("base", hex(z.base()));
                zn.put("size", z.size());
                final ArrayNode holds = zn.putArray("holds");
                for (final Content c : Content.values())
                {
                    if (z.holds().contains(c))
                    {
                        holds.add(c.label());
                    }
                }
                final ArrayNode stacks = zn.putArray("stacks");
                z.stacks().forEach(stacks::add);
                final ArrayNode depths = zn.putArray("stack_depths");
                z.depths().forEach(depths::add);
                zn.put("used", z.used());
                zn.put("touched", z.touched());
            }
        }
        final ArrayNode accesses = root.putArray("accesses");
        for (final BootPhase phase : BootPhase.values())
        {
            final PhaseAccesses a = PhaseAccesses.of(phase, result.accesses().get(phase), p);
            final ObjectNode n = accesses.addObject();
            n.put("phase", phase.label());
            n.put("title", result.options().flavor().title(phase));
            n.put("bank", a.bank());
            n.put("local", a.local());
            n.put("remote", a.remote());
            final ArrayNode to = n.putArray("to_bank");
            for (final PhaseAccesses.Requester r : a.requesters())
            {
                final ObjectNode rn = to.addObject();
                rn.put("from", r.cxy());
                rn.put("reads", r.reads());
                rn.put("writes", r.writes());
                rn.put("atomics", r.atomics());
                rn.put("fetches", r.fetches());
            }
            final ArrayNode banks = n.putArray("per_bank");
            for (final PhaseAccesses.BankTotal b : a.banks())
            {
                final ObjectNode bn = banks.addObject();
                bn.put("cluster", b.cxy());
                bn.put("accesses", b.accesses());
            }
        }
        // virtual time: per phase, the accesses and their cycles from every cluster to every bank (the heat maps)
        final ArrayNode contention = root.putArray("contention");
        for (final BootPhase phase : BootPhase.values())
        {
            final PhaseContention c = PhaseContention.of(phase, result.accesses().get(phase),
                result.cycles().get(phase), p);
            final ObjectNode n = contention.addObject();
            n.put("phase", phase.label());
            n.put("hottest_bank", c.hottestBank());
            n.put("accesses", c.totalAccesses());
            n.put("cycles", c.totalCycles());
            final ArrayNode banks = n.putArray("banks");
            c.banks().forEach(banks::add);
            final ArrayNode rows = n.putArray("from");
            for (int r = 0; r < c.requesters().size(); r++)
            {
                final ObjectNode rn = rows.addObject();
                rn.put("cluster", c.requesters().get(r));
                final ArrayNode a = rn.putArray("accesses");
                final ArrayNode cy = rn.putArray("cycles");
                for (int b = 0; b < c.banks().size(); b++)
                {
                    a.add(c.accesses()[r][b]);
                    cy.add(c.cycles()[r][b]);
                }
            }
        }
        timing(root, result);
        final ElectionState e = result.election();
        if (e != null)
        {
            final ObjectNode n = root.putObject("election");
            n.put("candidates", e.candidates());
            n.put("leader_gid", e.leader());
            n.put("replaced", Magic.describe(e.replaced()));
            n.put("elected_us", e.electedMicros());
            n.put("elected_cycle", e.electedCycle());
            n.put("sealed_cpu_count", e.sealedCount());
            n.put("seal", e.seal());
            n.put("expected", e.expected());
            n.put("arch_info_cores", e.archCores());
            final ArrayNode late = n.putArray("late");
            e.late().forEach(late::add);
            final ArrayNode missing = n.putArray("never_arrived");
            e.missing().forEach(missing::add);
            final ArrayNode unlisted = n.putArray("not_in_arch_info");
            e.unlisted().forEach(unlisted::add);
            n.put("arch_init_stacks", e.initStacks());
            n.put("arch_init_high_water", e.initHighWater());
            n.put("start_stacks", e.startStacks());
            n.put("start_stacks_drawn", e.startDrawn());
            final ObjectNode pools = n.putObject("start_stack_pools");
            e.startHighWater().forEach((cxy, high) -> pools.put(String.format("0x%02x", cxy), high));
        }
        // per-step timings: each boot phase's end (its last cluster), then each kernel_init step's end
        final ArrayNode steps = root.putArray("steps");
        for (final BootPhase phase : BootPhase.values())
        {
            final Long end = result.phaseEnds().get(phase);
            if (end != null)
            {
                final ObjectNode n = steps.addObject();
                n.put("step", phase.label());
                n.put("what", result.options().flavor().title(phase));
                n.put("end_us", end);
                final Long cycle = result.phaseEndCycles().get(phase);
                if (cycle != null)
                {
                    n.put("cycle", cycle);
                }
            }
        }
        final KernelState k = result.kernel();
        if (k != null)
        {
            for (final KernelState.Step st : k.steps())
            {
                final ObjectNode n = steps.addObject();
                n.put("step", st.step());
                n.put("what", st.what());
                n.put("end_ms_after_kernel_entry", st.millis());
                n.put("cycle", st.cycle());
            }
            final ObjectNode kernel = root.putObject("kernel");
            kernel.put("boot_complete_ms_after_kernel_entry", k.completeMillis());
            kernel.put("boot_complete_cycles_after_kernel_entry", k.completeCycles());
            kernel.put("banner", k.banner());
            kernel.put("chdevs", k.chdevs().size());
            final ArrayNode rootDir = kernel.putArray("root_directory");
            k.root().forEach(rootDir::add);
            final ArrayNode ticks = kernel.putArray("ticks");
            for (final org.smpboot.sim.platform.Core c : result.platform().cores())
            {
                final ObjectNode n = ticks.addObject();
                n.put("gid", c.gid());
                n.put("ticks", k.ticks(c.gid()));
                n.put("mailboxes", k.mailboxes(c.gid()));
            }
        }
        return root;
    }

    // each class of step that began or made a request: cycles spent, steps begun, requests, their cycles, waits, fetches
    private static void steps(final ArrayNode steps, final StepTable t)
    {
        for (int c = 0; c < t.names().size(); c++)
        {
            if (t.entries(c) == 0 && t.requests(c) == 0)
            {
                continue;
            }
            final ObjectNode sn = steps.addObject();
            sn.put("step", t.names().get(c));
            sn.put("core_cycles", t.time(c));
            sn.put("steps_begun", t.entries(c));
            sn.put("requests", t.requests(c));
            sn.put("request_cycles", t.cycles(c));
            sn.put("queue_wait", t.waits(c));
            sn.put("fetches", t.requests(c, AccessKind.FETCH));
        }
    }

    private static String hex(final int address)
    {
        return String.format("0x%08x", address);
    }

    /**
     * Where virtual time went (issue 20): per phase, per class of step, the cycles spent, requests made and cycles
     * waited in queues; per phase, each bank's requests and queue waits and the hottest bank in time; every bank's and
     * device's queue over the boot; every barrier episode; the cores' L1 instruction caches; the steps of the cores
     * the boot left out, apart.
     */
    private static void timing(final ObjectNode root, final BootResult result)
    {
        final ObjectNode t = root.putObject("timing");
        final ArrayNode phases = t.putArray("phases");
        for (final BootPhase phase : BootPhase.values())
        {
            final PhaseTiming pt = PhaseTiming.of(result, phase);
            final ObjectNode n = phases.addObject();
            n.put("phase", phase.label());
            n.put("title", result.options().flavor().title(phase));
            final Long end = result.phaseEndCycles().get(phase);
            if (end != null)
            {
                n.put("end_cycle", end);
            }
            n.put("hottest_bank", pt.hottest());
            steps(n.putArray("steps"), pt.steps());
            final StepTable leftOut = result.timing().leftOut().get(phase);
            if (leftOut != null)
            {
                steps(n.putArray("left_out_steps"), leftOut);
            }
            final ArrayNode banks = n.putArray("banks");
            for (final PhaseTiming.BankWait b : pt.banks())
            {
                final ObjectNode bn = banks.addObject();
                bn.put("cluster", b.cxy());
                bn.put("requests", b.requests());
                bn.put("words", b.words());
                bn.put("queue_wait", b.waited());
            }
        }
        final ArrayNode queues = t.putArray("queues");
        for (final ServiceQueue.Stats q : result.timing().queues())
        {
            if (q.served() == 0)
            {
                continue;
            }
            final ObjectNode qn = queues.addObject();
            qn.put("target", q.name());
            qn.put("served", q.served());
            qn.put("busy", q.busy());
            qn.put("waited", q.waited());
            qn.put("max_wait", q.maxWait());
            qn.put("unqueued", q.unqueued());
        }
        final ArrayNode barriers = t.putArray("barrier_episodes");
        for (final BarrierLog.Episode ep : result.timing().episodes())
        {
            final ObjectNode en = barriers.addObject();
            en.put("barrier", ep.barrier());
            en.put("episode", ep.index());
            en.put("parties", ep.parties());
            en.put("arrivals", ep.arrivals());
            en.put("first_arrival", ep.firstArrival());
            en.put("last_arrival", ep.lastArrival());
            en.put("last_release", ep.lastRelease());
        }
        final ObjectNode ic = t.putObject("icache");
        ic.put("hits", result.timing().icacheHits());
        ic.put("misses", result.timing().icacheMisses());
    }
}
