using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SecPanel.Problems;
using SecPanel.Storage;

namespace SecPanel.Server.Pages.Uploads;

/// <summary>A pending upload: what importing it would change, to import or discard. Only its uploader sees it; for anyone else it is not there.</summary>
public sealed class PendingModel : SecPanelPage
{
    /// <summary>The upload, while it is pending.</summary>
    public PendingUpload? Upload { get; private set; }

    /// <summary>What the import wrote, once it is done.</summary>
    public IReadOnlyList<ImportCount>? Imported { get; private set; }

    /// <summary>Why the import was refused when confirmed (the store changed since the check).</summary>
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    /// <summary>The counts in a sentence: "12 new, 3 changed".</summary>
    public static string Describe(IReadOnlyList<ImportCount> counts)
    {
        var parts = new List<string>();
        Add(counts.Sum(c => c.Inserted), "new");
        Add(counts.Sum(c => c.Updated), "changed");
        Add(counts.Sum(c => c.Deleted), "removed");
        return parts.Count > 0 ? string.Join(", ", parts) + " records" : "nothing changed";

        void Add(int n, string what)
        {
            if (n > 0)
            {
                parts.Add($"{n} {what}");
            }
        }
    }

    /// <summary>Shows the upload.</summary>
    public IActionResult OnGet(string id) => Show(id);

    /// <summary>Imports the upload.</summary>
    public IActionResult OnPostCommit(string id)
    {
        var (outcome, forbidden) = Writes.CommitUpload(Store, Account!, id);
        if (forbidden is not null)
        {
            return Forbid();
        }

        if (outcome is null)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            Title = "Imported";
            Imported = outcome.Counts;
            return Page();
        }

        Problems = outcome.Problems;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Show(id);
    }

    /// <summary>Discards the upload.</summary>
    public IActionResult OnPostDiscard(string id)
    {
        Store.DeleteUpload(id, Account!.Name);
        return Redirect("/uploads");
    }

    private IActionResult Show(string id)
    {
        Title = "Confirm the import";
        Upload = Store.FindUpload(id, Account!.Name);
        return Upload is null ? NotFound() : Page();
    }
}
