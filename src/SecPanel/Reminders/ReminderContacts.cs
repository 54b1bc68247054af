using SecPanel.Internals;
using SecPanel.Problems;
using SecPanel.Traffic;

namespace SecPanel.Reminders;

/// <summary>Whom a contact is for: the reports of an obligation, a committee, or the owner of actions.</summary>
public enum ContactFor
{
    /// <summary>The reports of one obligation (key: its key), or of every obligation (key <c>*</c>): due soon, due today, late.</summary>
    Obligation,

    /// <summary>A committee (key: its key): the reports outstanding at its meetings.</summary>
    Committee,

    /// <summary>An action owner (key: the owner as the actions name it, such as <c>DCC</c>): its overdue actions.</summary>
    Owner,
}

/// <summary>One address that reminders go to.</summary>
/// <param name="For">Whom it is for.</param>
/// <param name="Key">The obligation (or <c>*</c>), committee or owner.</param>
/// <param name="Name">The person's or mailbox's name, or null.</param>
/// <param name="Email">The address.</param>
public sealed record ReminderContact(ContactFor For, string Key, string? Name, string Email);

/// <summary>
/// The addresses reminders go to, from a CSV file with the columns <c>for,key,name,email</c>
/// (docs/reminders.md): <c>for</c> is <c>obligation</c>, <c>committee</c> or <c>owner</c>; an
/// obligation or committee must be one the rule data knows. A key may have several addresses; the
/// same address twice for one key is refused. Refused whole, every problem located.
/// </summary>
public static class ReminderContacts
{
    private static readonly CsvSpec Spec = new("reminder contacts", ["for", "key", "email"], ["name"], FileRequired: true);

    /// <summary>Reads <paramref name="path"/> against <paramref name="rules"/>, naming it <paramref name="display"/> in problems.</summary>
    public static Result<IReadOnlyList<ReminderContact>> Load(string path, string display, RuleBook rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var csv = CsvFile.Read(path, display, Spec.Required, Spec.Optional);
        if (!csv.Succeeded)
        {
            return Result<IReadOnlyList<ReminderContact>>.Failure(csv.Problems);
        }

        var problems = new List<Problem>();
        var contacts = new List<ReminderContact>();
        foreach (var row in csv.Value.Rows)
        {
            var before = problems.Count;
            var forText = row.Text("for", problems);
            ContactFor? kind = forText switch
            {
                null => null,
                "obligation" => ContactFor.Obligation,
                "committee" => ContactFor.Committee,
                "owner" => ContactFor.Owner,
                _ => null,
            };
            if (forText is not null && kind is null)
            {
                problems.Add(row.ProblemAt("for", $"'{forText}' is not obligation, committee or owner"));
            }

            var key = row.Text("key", problems);
            if (key is not null && kind == ContactFor.Obligation && key != "*" && rules.Catalogue.Find(key) is null)
            {
                problems.Add(row.ProblemAt("key", $"'{key}' is not an obligation; the obligations are {rules.Catalogue.KeyList}, or * for all"));
            }

            if (key is not null && kind == ContactFor.Committee && rules.Committees.All(c => c.Key != key))
            {
                problems.Add(row.ProblemAt("key", $"'{key}' is not a committee; the committees are {string.Join(", ", rules.Committees.Select(c => c.Key))}"));
            }

            var email = row.Text("email", problems);
            if (email is not null && !PartyContacts.IsAddress(email))
            {
                problems.Add(row.ProblemAt("email", $"'{email}' is not an email address of the form name@example.org"));
            }

            if (kind is { } k && key is not null && email is not null && contacts.Any(c => c.For == k && c.Key == key && string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add(row.ProblemAt("email", $"{email} is listed for {forText} {key} already"));
            }

            if (problems.Count == before && kind is not null && key is not null && email is not null)
            {
                contacts.Add(new ReminderContact(kind.Value, key, row["name"].Length == 0 ? null : row["name"], email));
            }
        }

        return Result<IReadOnlyList<ReminderContact>>.From(contacts, problems);
    }
}
