using System.Globalization;
using NodaTime;

namespace SecPanel.Analytics.Internals;

/// <summary>
/// The log timestamp <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (UTC, milliseconds), read from a span by hand
/// into milliseconds since 1970-01-01T00:00:00Z, without allocating.
/// </summary>
internal static class Timestamp
{
    /// <summary>The length of every timestamp: <c>2026-11-03T01:17:42.345Z</c>.</summary>
    public const int Length = 24;

    public const long MillisecondsPerMinute = 60_000;

    public const long MillisecondsPerDay = 86_400_000;

    /// <summary>Parses <paramref name="text"/>; false when it is not exactly the format or not a real instant.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long milliseconds)
    {
        milliseconds = 0;
        if (text.Length != Length || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':'
            || text[16] != ':' || text[19] != '.' || text[23] != 'Z')
        {
            return false;
        }

        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)
            || !Digits(text, 20, 3, out var millisecond))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        milliseconds = (DaysFromCivil(year, month, day) * MillisecondsPerDay) + (hour * 3_600_000L) + (minute * MillisecondsPerMinute) + (second * 1000L) + millisecond;
        return true;
    }

    /// <summary>Milliseconds since the epoch at the start of <paramref name="month"/>.</summary>
    public static long StartOf(YearMonth month) => DaysFromCivil(month.Year, month.Month, 1) * MillisecondsPerDay;

    /// <summary>The number of minutes in <paramref name="month"/>.</summary>
    public static int MinutesIn(YearMonth month) => DaysInMonth(month.Year, month.Month) * 1440;

    /// <summary>Writes <paramref name="milliseconds"/> in the log format.</summary>
    public static string Format(long milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes <paramref name="milliseconds"/> in the log format as UTF-8 into the first
    /// <see cref="Length"/> bytes of <paramref name="destination"/>, without allocating; the same
    /// text as <see cref="Format"/>. Years 0 to 9999.
    /// </summary>
    public static void Write(long milliseconds, Span<byte> destination)
    {
        var days = Math.DivRem(milliseconds, MillisecondsPerDay, out var ofDay);
        if (ofDay < 0)
        {
            days--;
            ofDay += MillisecondsPerDay;
        }

        var (year, month, day) = CivilFromDays(days);
        if (year is < 0 or > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(milliseconds), milliseconds, "The year must be from 0 to 9999.");
        }

        var d = destination[..Length];
        TwoDigits(d, 0, (int)(year / 100));
        TwoDigits(d, 2, (int)(year % 100));
        d[4] = (byte)'-';
        TwoDigits(d, 5, month);
        d[7] = (byte)'-';
        TwoDigits(d, 8, day);
        d[10] = (byte)'T';
        var ms = (int)ofDay;
        TwoDigits(d, 11, ms / 3_600_000);
        d[13] = (byte)':';
        TwoDigits(d, 14, ms / 60_000 % 60);
        d[16] = (byte)':';
        TwoDigits(d, 17, ms / 1000 % 60);
        d[19] = (byte)'.';
        var fraction = ms % 1000;
        d[20] = (byte)('0' + (fraction / 100));
        TwoDigits(d, 21, fraction % 100);
        d[23] = (byte)'Z';
    }

    /// <summary>The minute <paramref name="minuteOfMonth"/> of <paramref name="month"/>, as <c>2026-11-03T01:17Z</c>.</summary>
    public static string FormatMinute(YearMonth month, int minuteOfMonth) =>
        DateTimeOffset.FromUnixTimeMilliseconds(StartOf(month) + (minuteOfMonth * MillisecondsPerMinute)).UtcDateTime
            .ToString("yyyy'-'MM'-'dd'T'HH':'mm'Z'", CultureInfo.InvariantCulture);

    public static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    // Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
    private static long DaysFromCivil(int year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - (era * 400);
        var dayOfYear = ((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097) + dayOfEra - 719_468;
    }

    // Howard Hinnant's civil_from_days: the proleptic Gregorian date of a day since 1970-01-01.
    private static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        var z = days + 719_468;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var dayOfEra = z - (era * 146_097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1_460) + (dayOfEra / 36_524) - (dayOfEra / 146_096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var shifted = ((5 * dayOfYear) + 2) / 153;
        var day = (int)(dayOfYear - (((153 * shifted) + 2) / 5) + 1);
        var month = (int)(shifted < 10 ? shifted + 3 : shifted - 9);
        var year = yearOfEra + (era * 400) + (month <= 2 ? 1 : 0);
        return (year, month, day);
    }

    private static void TwoDigits(Span<byte> destination, int at, int value)
    {
        destination[at] = (byte)('0' + (value / 10));
        destination[at + 1] = (byte)('0' + (value % 10));
    }

    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if (digit is < 0 or > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
