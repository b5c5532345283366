package org.smpboot.runtime.boot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Marks in one word of the roll: a CAS lost to another CPU's mark is retried; only the roll's ids read as marked. */
class ArrivalRollMarkTest
{
    /** Memory whose first CAS on a long finds that another CPU just set bit 5 of the word (and so fails). */
    private static final class Contended extends UnsafeBuffer
    {
        private boolean raced;

        Contended(final int length)
        {
            super(ByteBuffer.allocateDirect(length));
        }

        @Override
        public boolean compareAndSetLong(final int index, final long expectedValue, final long updateValue)
        {
            if (!raced)
            {
                raced = true;
                putLongVolatile(index, getLongVolatile(index) | 1L << 5); // cpu 5 marks itself first
            }
            return super.compareAndSetLong(index, expectedValue, updateValue);
        }
    }

    @Test
    void aMarkThatLosesItsCasToAnotherCpusMarkRetriesAndBothStay()
    {
        final Contended memory = new Contended(ArrivalRoll.length(8));
        final ArrivalRoll roll = new ArrivalRoll().wrap(memory, 0, 8);
        roll.clear();
        memory.raced = false;
        roll.mark(0);
        assertTrue(roll.isMarked(0), "cpu 0 retried after losing the CAS");
        assertTrue(roll.isMarked(5), "cpu 5's mark kept");
        assertFalse(roll.isMarked(1));
    }

    @Test
    void onlyTheRollsIdsReadAsMarkedWhateverTheWordsOtherBits()
    {
        final UnsafeBuffer memory = new UnsafeBuffer(ByteBuffer.allocateDirect(ArrivalRoll.length(3)));
        final ArrivalRoll roll = new ArrivalRoll().wrap(memory, 0, 3);
        roll.clear();
        memory.putLong(0, -1L); // every bit of the word set, past the roll's 3 ids too
        assertTrue(roll.isMarked(0));
        assertTrue(roll.isMarked(2));
        assertFalse(roll.isMarked(3), "id 3 is not in a roll of 3");
        assertFalse(roll.isMarked(-1));
    }
}
