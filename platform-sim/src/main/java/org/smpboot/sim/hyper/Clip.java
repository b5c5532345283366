package org.smpboot.sim.hyper;

/** How much of the user's input an error line repeats: never more than about 80 characters of it. */
final class Clip
{
    /** Characters of one word of input an error repeats. */
    static final int WORD = 40;
    /** Characters of a whole error message (picocli's lists every unmatched word, each already cut). */
    static final int MESSAGE = 160;

    private Clip()
    {
    }

    /**
     * @param text some input.
     * @return it, cut to {@value #WORD} characters with an ellipsis and its length when longer.
     */
    static String of(final String text)
    {
        return cut(text, WORD);
    }

    /**
     * @param text a message quoting the user's words (picocli's).
     * @return it with every word longer than twice {@value #WORD} characters cut to {@value #WORD} (a word already cut
     * keeps its quotes), then cut to {@value #MESSAGE}.
     */
    static String words(final String text)
    {
        final StringBuilder b = new StringBuilder();
        for (final String w : text.split(" ", -1))
        {
            b.append(b.length() == 0 ? "" : " ").append(w.length() <= 2 * WORD ? w : w.substring(0, WORD) + "...");
        }
        return cut(b.toString(), MESSAGE);
    }

    /**
     * @param text  a message.
     * @param limit characters kept.
     * @return it on one line, cut to {@code limit} characters with an ellipsis and its length when longer.
     */
    static String cut(final String text, final int limit)
    {
        final String one = text.replace('\n', ' ').replace('\r', ' ');
        return one.length() <= limit ? one : one.substring(0, limit) + "... (" + one.length() + " characters)";
    }
}
