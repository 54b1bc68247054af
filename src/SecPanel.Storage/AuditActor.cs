using System.Globalization;

namespace SecPanel.Storage;

/// <summary>
/// Who the audit trail says made a change: a name of one line of visible text. A name with a line
/// break or another control character could make <c>secpanel history</c> print an entry nobody
/// made; an empty one names nobody.
/// </summary>
public static class AuditActor
{
    /// <summary>The longest name the trail records.</summary>
    public const int MaxLength = 200;

    /// <summary>What is wrong with <paramref name="name"/> as an actor, or null when it will do.</summary>
    public static string? Problem(string name)
    {
        if (name.Trim().Length == 0)
        {
            return "a name is required (who is making the change)";
        }

        if (name.Length > MaxLength)
        {
            return $"a name is at most {MaxLength} characters";
        }

        var hidden = name.FirstOrDefault(Hidden);
        return hidden == default ? null : $"'{Printable(name)}' holds the invisible character U+{(int)hidden:X4}; a name is one line of visible text";
    }

    /// <summary>
    /// <paramref name="text"/> with every control and format character written as an escape (<c>\n</c>,
    /// <c>\t</c>, <c>\u202E</c>), so that what the trail prints stays on its one line and shows
    /// what is there.
    /// </summary>
    public static string Printable(string text)
    {
        if (!text.Any(Hidden))
        {
            return text;
        }

        var result = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            result.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when Hidden(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return result.ToString();
    }

    private static bool Hidden(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
