package org.smpboot.sim.hw;

import java.util.List;

/**
 * The classes of steps the software's accesses and time are counted in ({@link AccessCounts}): the software names
 * its steps ({@link Processor#phase(String)}), and this tells the hardware which class a step belongs to (an
 * arch_info search, a copy, a barrier wait...). The hardware knows the classes only by number; their names are the
 * software's, for reports. Class 0 is where every initiator starts.
 */
public interface StepClasses
{
    /** Step classes at most. */
    int MAX = 8;

    /** Every step in class 0, named "steps". */
    StepClasses NONE = new StepClasses()
    {
        @Override
        public int classify(final String step)
        {
            return 0;
        }

        @Override
        public List<String> names()
        {
            return List.of("steps");
        }
    };

    /**
     * @param step a step's name, as the software set it.
     * @return its class, 0 .. {@link #names()}{@code .size() - 1}.
     */
    int classify(String step);

    /** @return the classes' names, at most {@link #MAX}. */
    List<String> names();
}
