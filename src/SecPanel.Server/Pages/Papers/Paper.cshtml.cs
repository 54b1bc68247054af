using Microsoft.AspNetCore.Mvc;
using SecPanel.Storage;

namespace SecPanel.Server.Pages.Papers;

/// <summary>A built paper: its documents the reader may read (the body, each appendix at its level), to download and preview.</summary>
public sealed class PaperModel : SecPanelPage
{
    /// <summary>The paper, with the documents the reader may read.</summary>
    public StoredPaper? Paper { get; private set; }

    /// <summary>The document previewed.</summary>
    public PaperEntry? Shown { get; private set; }

    /// <summary>Whether it was just built.</summary>
    public bool Built { get; private set; }

    /// <summary>Shows the paper, previewing <paramref name="document"/> (the body by default).</summary>
    public IActionResult OnGet(string reference, string? document, bool built = false)
    {
        Built = built;
        if (Store.FindPaper(reference, PaperRoutes.LevelOf(Account)) is not { } paper)
        {
            if (Store.FindPaper(reference, SecPanel.Records.Tlp.Red) is not null)
            {
                Api.LogHidden(HttpContext, Store);
            }

            return NotFound();
        }

        Paper = paper;
        Title = $"Paper {paper.Reference}";
        Shown = paper.Documents.FirstOrDefault(d => d.Stem == document) ?? paper.Documents[0];
        foreach (var entry in paper.Documents)
        {
            Shows(entry.Level);
        }

        return Page();
    }
}
