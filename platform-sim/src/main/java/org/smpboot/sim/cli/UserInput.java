package org.smpboot.sim.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The user's input at the command line's edge: the files named by options, read and written so that a missing,
 * unreadable or unwritable one is bad input (exit 2) in one line naming the option, the file and why, never Java's
 * bare message; and the user's text clipped when an error repeats it.
 */
final class UserInput
{
    /** The most of the user's own text an error repeats. */
    static final int CLIP = 80;

    private UserInput()
    {
    }

    /**
     * @param text what the user typed.
     * @return it, or its first and last characters around an ellipsis when it is longer than {@link #CLIP}, with
     * control characters shown as {@code ?} (an error line stays one line).
     */
    static String clip(final String text)
    {
        return clip(text, CLIP);
    }

    /**
     * @param text what the user typed, or a message quoting it.
     * @param max  the most characters to keep.
     * @return it, or its first and last characters around an ellipsis when it is longer, control characters shown as
     * {@code ?}.
     */
    static String clip(final String text, final int max)
    {
        final String s = text.replaceAll("\\p{Cntrl}", "?");
        if (s.length() <= max)
        {
            return s;
        }
        final String tail = " (" + s.length() + " characters)";
        final int end = 17;
        return s.substring(0, max - end - 3 - tail.length()) + "..." + s.substring(s.length() - end) + tail;
    }

    /**
     * @param option the option whose value is parsed.
     * @param parser parses it, throwing {@link IllegalArgumentException} for a bad value.
     * @param <T>    what it gives.
     * @return what it gives.
     * @throws IllegalArgumentException its error, naming the option first (unless it names one already).
     */
    static <T> T parse(final String option, final java.util.function.Supplier<T> parser)
    {
        try
        {
            return parser.get();
        }
        catch (final IllegalArgumentException e)
        {
            final String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // a message that names an option already (the parser knows the command line) stays as it is
            throw m.startsWith("--") ? e : new IllegalArgumentException(option + ": " + m, e);
        }
    }

    /**
     * @param option the option that named the file (or the parameter's label).
     * @param file   the file.
     * @return its bytes.
     * @throws IllegalArgumentException when it cannot be read: naming the option, the file and why.
     */
    static byte[] read(final String option, final Path file)
    {
        if (Files.isDirectory(file))
        {
            throw bad(option, file, "is a directory, not a file");
        }
        try
        {
            return Files.readAllBytes(file);
        }
        catch (final IOException e)
        {
            throw bad(option, file, "cannot read it: " + why(e));
        }
        catch (final OutOfMemoryError e)
        {
            throw bad(option, file, "too large to read");
        }
    }

    /**
     * @param option the option that named the file.
     * @param file   a file to read.
     * @return it, when it is a readable regular file.
     * @throws IllegalArgumentException otherwise, naming the option, the file and why.
     */
    static Path readable(final String option, final Path file)
    {
        if (!Files.exists(file))
        {
            throw bad(option, file, "no such file");
        }
        if (Files.isDirectory(file))
        {
            throw bad(option, file, "is a directory, not a file");
        }
        if (!Files.isReadable(file))
        {
            throw bad(option, file, "not readable (permission denied)");
        }
        return file;
    }

    /**
     * Writes (replaces) a file.
     *
     * @param option the option that named the file.
     * @param file   the file.
     * @param bytes  its new content.
     * @throws IllegalArgumentException when it cannot be written: naming the option, the file and why.
     */
    static void write(final String option, final Path file, final byte[] bytes)
    {
        writable(option, file);
        try
        {
            Files.write(file, bytes);
        }
        catch (final IOException e)
        {
            throw bad(option, file, "cannot write it: " + why(e));
        }
    }

    /**
     * Checks, before a job that writes a file at its end, that it will be able to: the file is not a directory, its
     * directory exists, and the file can be created there (tried, then removed) or written.
     *
     * @param option the option that named the file.
     * @param file   the file.
     * @return the file.
     * @throws IllegalArgumentException when it cannot be a writable file.
     */
    static Path writable(final String option, final Path file)
    {
        if (Files.isDirectory(file))
        {
            throw bad(option, file, "is a directory, not a file");
        }
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent))
        {
            throw bad(option, file, "its directory " + clip(parent.toString()) + " does not exist");
        }
        if (Files.exists(file))
        {
            if (!Files.isWritable(file))
            {
                throw bad(option, file, "not writable (permission denied)");
            }
            return file;
        }
        // create it and take it back: the only sure test (root passes every permission check, /proc refuses files)
        try
        {
            Files.createFile(file);
            Files.delete(file);
        }
        catch (final IOException e)
        {
            throw bad(option, file, "cannot create it: " + why(e));
        }
        return file;
    }

    /**
     * @param option what named the file: an option, or empty for a parameter.
     * @param file   the file.
     * @param why    what is wrong with it.
     * @return the exception to throw: bad input.
     */
    static IllegalArgumentException bad(final String option, final Path file, final String why)
    {
        return new IllegalArgumentException((option.isEmpty() ? "" : option + " ") + clip(file.toString()) + ": " + why);
    }

    /**
     * @param e a failed file operation.
     * @return why it failed, in a few words (without repeating the path Java puts in its messages).
     */
    static String why(final IOException e)
    {
        if (e instanceof NoSuchFileException)
        {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException)
        {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException)
        {
            return "a part of the path is not a directory";
        }
        if (e instanceof FileAlreadyExistsException)
        {
            return "already exists";
        }
        if (e instanceof FileSystemException f && f.getReason() != null)
        {
            return f.getReason().toLowerCase(Locale.ROOT);
        }
        final String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // java.io's messages read "PATH (Reason)": keep the reason
        final int open = m.lastIndexOf(" (");
        return (open >= 0 && m.endsWith(")") ? m.substring(open + 2, m.length() - 1) : clip(m))
            .toLowerCase(Locale.ROOT);
    }
}
