package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;
import org.smpboot.sim.hyper.HyperShell;

/** Tab in the hypervisor's terminal completes the shell's commands, then the options of the command typed. */
class HyperTerminalTest
{
    private static List<String> complete(final String typed)
    {
        final List<Candidate> c = new ArrayList<>();
        HyperTerminal.completer(HyperShell.grammar()).complete(null, new DefaultParser().parse(typed, typed.length()),
            c);
        return c.stream().map(Candidate::value).toList();
    }

    @Test
    void commandsFirstThenTheirOptionsNotYetTyped()
    {
        assertEquals(List.of("run", "list", "kill", "wait", "help", "quit"), complete(""));
        assertEquals(List.of("run", "list", "kill", "wait", "help", "quit"), complete("ru"),
            "JLine filters the candidates by the prefix typed");
        assertEquals(List.of("-nc", "-i", "--flavor", "--layout", "--straggler", "--tty", "--fault"), complete("run "));
        assertEquals(List.of("-i", "--flavor", "--layout", "--straggler", "--tty", "--fault"), complete("run -nc 2 "));
        assertEquals(List.of("--timeout"), complete("wait "));
        assertEquals(List.of("elected", "tsar"), complete("run -nc 2 --flavor "));
        assertEquals(List.of("almos-mk", "almos-mkh"), complete("run --layout almos"));
        assertEquals(List.of("none", "quiet", "expected"), complete("run --flavor elected --straggler "));
        assertEquals(List.of("-nc", "-i", "--layout", "--straggler", "--tty", "--fault"), complete("run --flavor " +
            "elected "), "a value typed: the options not yet typed");
        assertEquals(List.of(), complete("frobnicate "));
    }
}
