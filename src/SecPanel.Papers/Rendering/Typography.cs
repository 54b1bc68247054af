using System.Text.RegularExpressions;

namespace SecPanel.Papers.Rendering;

/// <summary>What the writers do to people's text before laying it out.</summary>
internal static partial class Typography
{
    /// <summary>
    /// A negative number's hyphen becomes the minus sign (U+2212), which a word processor or a
    /// browser does not break from the digits after it: "a variance of -374,300" never ends a line
    /// on "-". Hyphens inside words, ranges and dates ("3-5", "2018-09-13") are left alone.
    /// </summary>
    public static string KeepMinusWithNumber(string text) => NegativeNumber().Replace(text, "\u2212");

    /// <summary>
    /// The text without bidirectional embedding, override and isolate controls (U+202A to U+202E,
    /// U+2066 to U+2069) or the invisible direction marks (U+200E, U+200F, U+061C). They reorder
    /// what the reader sees: a right-to-left override makes "txt.exe" show as "exe.txt". The readers
    /// refuse them in records; this keeps any that reach a writer another way (an option, say) from
    /// showing the reader something other than what was written.
    /// </summary>
    public static string WithoutBidiControls(string text) =>
        text.AsSpan().IndexOfAny(BidiControls) < 0 ? text : string.Concat(text.Where(c => !BidiControls.Contains(c)));

    /// <summary>The characters <see cref="WithoutBidiControls"/> takes out.</summary>
    internal static readonly System.Buffers.SearchValues<char> BidiControls = System.Buffers.SearchValues.Create("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C");

    [GeneratedRegex(@"(?<![\w\-\u2212])-(?=\d)")]
    private static partial Regex NegativeNumber();
}
