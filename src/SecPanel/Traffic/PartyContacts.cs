using SecPanel.Internals;
using SecPanel.Problems;
using SecPanel.Variance;

namespace SecPanel.Traffic;

/// <summary>Who at a Party receives its traffic management notices.</summary>
/// <param name="User">The User, named as in the logs and the store.</param>
/// <param name="Name">The contact's name, or null.</param>
/// <param name="Email">The contact's email address.</param>
public sealed record PartyContact(string User, string? Name, string Email);

/// <summary>
/// The Parties' contacts for traffic management notices, from a CSV file with the columns
/// <c>user,name,email</c> (docs/traffic-management.md): each User once, a User's name as the store
/// keeps it, an address of the form <c>local@domain.tld</c>. Refused whole, every problem located.
/// </summary>
public static class PartyContacts
{
    private static readonly CsvSpec Spec = new("contacts", ["user", "email"], ["name"], FileRequired: true);

    /// <summary>Reads <paramref name="path"/>, naming it <paramref name="display"/> in problems.</summary>
    public static Result<IReadOnlyList<PartyContact>> Load(string path, string display)
    {
        var csv = CsvFile.Read(path, display, Spec.Required, Spec.Optional);
        if (!csv.Succeeded)
        {
            return Result<IReadOnlyList<PartyContact>>.Failure(csv.Problems);
        }

        var problems = new List<Problem>();
        var contacts = new List<PartyContact>();
        foreach (var row in csv.Value.Rows)
        {
            var before = problems.Count;
            var user = row.Text("user", problems);
            if (user is not null && UserName.Problem(user) is { } refused)
            {
                problems.Add(row.ProblemAt("user", refused));
            }

            var email = row.Text("email", problems);
            if (email is not null && !IsAddress(email))
            {
                problems.Add(row.ProblemAt("email", $"'{email}' is not an email address of the form name@example.org"));
            }

            if (user is not null && contacts.Any(c => c.User == user))
            {
                problems.Add(row.ProblemAt("user", $"{user} is listed twice; a Party has one contact for these notices"));
            }

            if (problems.Count == before && user is not null && email is not null)
            {
                contacts.Add(new PartyContact(user, row["name"].Length == 0 ? null : row["name"], email));
            }
        }

        return Result<IReadOnlyList<PartyContact>>.From(contacts, problems);
    }

    /// <summary>
    /// An address a mail server takes as written: one '@'; a local part of ASCII letters, digits
    /// and <c>! # $ % &amp; ' * + - / = ? ^ _ ` { | } ~</c> in dot-separated runs; a domain of at
    /// least two dot-separated labels of ASCII letters, digits and inner hyphens; at most 254
    /// characters. A look-alike letter from another script (a Cyrillic "а" for a Latin "a") is refused.
    /// </summary>
    internal static bool IsAddress(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (text.Length > 254 || at <= 0 || at != text.LastIndexOf('@'))
        {
            return false;
        }

        static bool Runs(string part, Func<char, bool> allowed) =>
            part.Split('.').All(run => run.Length > 0 && run.All(allowed));
        var local = text[..at];
        var domain = text[(at + 1)..];
        return Runs(local, c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal))
            && domain.Contains('.', StringComparison.Ordinal)
            && Runs(domain, c => char.IsAsciiLetterOrDigit(c) || c == '-')
            && domain.Split('.').All(label => !label.StartsWith('-') && !label.EndsWith('-'));
    }
}
