using System.Runtime.InteropServices;

namespace SecPanel.Analytics.Internals;

/// <summary>
/// Reads log timestamps like <see cref="Timestamp.TryParse"/>, remembering the date of the last one:
/// the rows of a log come in long runs of one day, so the date (its checks and its day number) is
/// worked out once per run and each timestamp costs only its time of day. One per file being read;
/// not for sharing between threads.
/// </summary>
internal struct TimestampReader
{
    // The first ten characters (yyyy-MM-dd) of the last date read, as raw UTF-16 units, and its first millisecond.
    private ulong dateHead;
    private ulong dateMiddle;
    private uint dateTail;
    private long dayStart;
    private bool known;

    /// <summary>Parses <paramref name="text"/>; false when it is not exactly the format or not a real instant.</summary>
    public bool TryParse(ReadOnlySpan<char> text, out long milliseconds)
    {
        if (text.Length != Timestamp.Length)
        {
            milliseconds = 0;
            return false;
        }

        var bytes = MemoryMarshal.AsBytes(text);
        var head = MemoryMarshal.Read<ulong>(bytes);
        var middle = MemoryMarshal.Read<ulong>(bytes[8..]);
        var tail = MemoryMarshal.Read<uint>(bytes[16..]);
        if (!known || head != dateHead || middle != dateMiddle || tail != dateTail)
        {
            // Another day: the full parse checks every character, then the date is remembered.
            if (!Timestamp.TryParse(text, out milliseconds))
            {
                return false;
            }

            (dateHead, dateMiddle, dateTail, known) = (head, middle, tail, true);
            dayStart = milliseconds - (((milliseconds % Timestamp.MillisecondsPerDay) + Timestamp.MillisecondsPerDay) % Timestamp.MillisecondsPerDay);
            return true;
        }

        // The same day: only THH:mm:ss.fffZ is left to check and read.
        milliseconds = 0;
        if (text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != '.' || text[23] != 'Z')
        {
            return false;
        }

        // Unchecked: a character below '0' wraps round to a large digit, which the test below refuses.
        uint h1 = unchecked((uint)(text[11] - '0')), h2 = unchecked((uint)(text[12] - '0'));
        uint m1 = unchecked((uint)(text[14] - '0')), m2 = unchecked((uint)(text[15] - '0'));
        uint s1 = unchecked((uint)(text[17] - '0')), s2 = unchecked((uint)(text[18] - '0'));
        uint f1 = unchecked((uint)(text[20] - '0')), f2 = unchecked((uint)(text[21] - '0')), f3 = unchecked((uint)(text[22] - '0'));
        if ((h1 > 2) | (h2 > 9) | (m1 > 5) | (m2 > 9) | (s1 > 5) | (s2 > 9) | (f1 > 9) | (f2 > 9) | (f3 > 9))
        {
            return false;
        }

        var hour = (h1 * 10) + h2;
        if (hour > 23)
        {
            return false;
        }

        milliseconds = dayStart + (hour * 3_600_000L) + (((m1 * 10) + m2) * Timestamp.MillisecondsPerMinute)
            + (((s1 * 10) + s2) * 1000L) + (f1 * 100) + (f2 * 10) + f3;
        return true;
    }
}
