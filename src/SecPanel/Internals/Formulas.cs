namespace SecPanel.Internals;

/// <summary>
/// Keeps the CSV files SecPanel writes from running as spreadsheet formulas (OWASP's "CSV
/// injection"): a value that starts with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> is written with a
/// leading <c>'</c>, which Excel and LibreOffice show as text and hide. Reading takes one such
/// <c>'</c> off again, so that what is exported imports back exactly: a value that really starts
/// with <c>'</c> before one of those characters is written with one more.
/// </summary>
internal static class Formulas
{
    private const string Starters = "=+-@";

    /// <summary>The value as written to a file.</summary>
    public static string Defuse(string value) => Guarded(value) ? "'" + value : value;

    /// <summary>The value as read from a file: one leading <c>'</c> taken off a defused value.</summary>
    public static string Restore(string value) => value.Length > 1 && value[0] == '\'' && Guarded(value[1..]) ? value[1..] : value;

    /// <summary>True for a value that starts, after any quotes, with a formula's first character.</summary>
    private static bool Guarded(string value)
    {
        var i = 0;
        while (i < value.Length && value[i] == '\'')
        {
            i++;
        }

        return i < value.Length && Starters.Contains(value[i], StringComparison.Ordinal);
    }
}
