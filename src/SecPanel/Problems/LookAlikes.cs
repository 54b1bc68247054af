using System.Globalization;
using System.Text;

namespace SecPanel.Problems;

/// <summary>
/// Text that looks like other text: what would let "H1" and "H1" followed by a zero-width space, or
/// "Supplier A" and "Supplier А" (a Cyrillic А), be two records that people cannot tell apart.
/// Every value is read in Unicode NFC (so a letter with its accent as one character or as two is
/// the same text); no value may hold an invisible format character; and a key's letters are all
/// of one script.
/// </summary>
public static class LookAlikes
{
    /// <summary><paramref name="text"/> in Unicode normalisation form C.</summary>
    public static string Normalised(string text) => text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    /// <summary>
    /// What is wrong with an invisible character in <paramref name="text"/> (a zero-width space or
    /// joiner, a soft hyphen, a byte order mark, a Hangul filler: format characters that show as
    /// nothing), or null when it has none.
    /// </summary>
    public static string? Invisible(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                continue;
            }

            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format || c is '\u115F' or '\u1160' or '\u3164' or '\uFFA0')
            {
                return $"holds the invisible character U+{(int)c:X4} at character {i + 1}, which makes the text look like other text; remove it";
            }
        }

        return null;
    }

    /// <summary>
    /// What is wrong with <paramref name="key"/> as a key or name, which must not mix scripts: its
    /// letters are all Latin, all Greek, all Cyrillic, ... (full-width Latin counts as a script of
    /// its own); null when it will do.
    /// </summary>
    public static string? MixedScripts(string key)
    {
        string? first = null;
        foreach (var rune in key.EnumerateRunes())
        {
            if (!Rune.IsLetter(rune))
            {
                continue;
            }

            var script = Script(rune.Value);
            if (first is null)
            {
                first = script;
            }
            else if (script != first)
            {
                return $"'{key}' mixes {first} and {script} letters ('{rune}' is {script}), so it can look like another key; write it in one script";
            }
        }

        return null;
    }

    /// <summary>The script of a letter, by its Unicode block: enough to tell the scripts whose letters look alike.</summary>
    private static string Script(int c) => c switch
    {
        <= 0x024F or (>= 0x1E00 and <= 0x1EFF) or (>= 0x2C60 and <= 0x2C7F) or (>= 0xA720 and <= 0xA7FF) => "Latin",
        (>= 0x0370 and <= 0x03FF) or (>= 0x1F00 and <= 0x1FFF) => "Greek",
        (>= 0x0400 and <= 0x052F) or (>= 0x1C80 and <= 0x1C8F) or (>= 0x2DE0 and <= 0x2DFF) or (>= 0xA640 and <= 0xA69F) => "Cyrillic",
        >= 0x0530 and <= 0x058F => "Armenian",
        >= 0xFF00 and <= 0xFFEF => "full-width",
        _ => $"other (U+{c >> 8:X2}xx)",
    };
}
