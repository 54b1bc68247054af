namespace SecPanel.Variance;

/// <summary>
/// The name of a User (SR variance) or Authorised Subscriber (CSR variance) in a report's per-User
/// lines. The total line has no name; a name must not be able to pass for it or for part of a key:
/// it starts with a letter or a digit, and holds letters, digits, spaces and <c>. _ - &amp; ( ) ' +</c>
/// only, at most 100 characters. So "-" (how the audit trail writes the total's empty name), a
/// name with "/" (which joins a key's parts), with an invisible character or mixing scripts
/// ("Supplier А" with a Cyrillic А) is refused.
/// </summary>
public static class UserName
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 100;

    private const string Punctuation = " ._-&()'+";

    /// <summary>What is wrong with <paramref name="name"/> as a User's name, or null when it will do.</summary>
    public static string? Problem(string name)
    {
        if (name.Length > MaxLength)
        {
            return $"a User's name is at most {MaxLength} characters";
        }

        if (name.Length > 0 && !char.IsLetterOrDigit(name[0]))
        {
            return $"'{name}' is not a User's name: a name starts with a letter or a digit (the total line leaves the User empty)";
        }

        if (name.EndsWith(' '))
        {
            // Case files are read with spaces around values trimmed: "SUP " would be stored as "SUP".
            return $"'{name}' ends with a space, so it would be stored as another User's name; take the space off";
        }

        var wrong = name.FirstOrDefault(c => !char.IsLetterOrDigit(c) && !Punctuation.Contains(c, StringComparison.Ordinal));
        return wrong == default
            ? Problems.LookAlikes.MixedScripts(name)
            : $"'{name}' holds '{(char.IsControl(wrong) || char.GetUnicodeCategory(wrong) == System.Globalization.UnicodeCategory.Format ? $"U+{(int)wrong:X4}" : wrong.ToString())}'; a User's name holds letters, digits, spaces and . _ - & ( ) ' + only";
    }
}
