using System.Text.RegularExpressions;
using SecPanel.Problems;

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
    /// The text without direction controls (<see cref="DirectionControls"/>): the readers refuse them
    /// in records; this keeps any that reach a writer another way (an option, say) from showing the
    /// reader something other than what was written.
    /// </summary>
    public static string WithoutBidiControls(string text) => DirectionControls.Removed(text);

    [GeneratedRegex(@"(?<![\w\-\u2212])-(?=\d)")]
    private static partial Regex NegativeNumber();
}
