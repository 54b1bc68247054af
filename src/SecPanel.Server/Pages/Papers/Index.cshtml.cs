using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SecPanel.Problems;
using SecPanel.Storage;

namespace SecPanel.Server.Pages.Papers;

/// <summary>The Panel papers built, each with the documents the reader may read, and (for the secretariat) building one.</summary>
public sealed class PapersModel : SecPanelPage
{
    /// <summary>The papers with a document the reader may read, newest first.</summary>
    public IReadOnlyList<StoredPaper> Papers { get; private set; } = [];

    /// <summary>What was asked to be built, kept when it was refused.</summary>
    public PaperBuild? Build { get; private set; }

    /// <summary>What was wrong with the request.</summary>
    public string? Wrong { get; private set; }

    /// <summary>What stopped the paper being composed.</summary>
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    /// <summary>Lists the papers.</summary>
    public void OnGet() => List();

    /// <summary>Builds a paper and opens it.</summary>
    public IActionResult OnPost(int? panelMeeting, string? date, int? paper, string? author, string? issued, string? level, bool forecastQuality = false)
    {
        if (!Edits)
        {
            return Forbid();
        }

        Build = new PaperBuild(panelMeeting, date?.Trim(), paper, string.IsNullOrWhiteSpace(author) ? null : author.Trim(), null, string.IsNullOrWhiteSpace(issued) ? null : issued.Trim(), level, null, forecastQuality ? true : null);
        var (saved, wrong, problems) = PaperRoutes.BuildPaper(Store, Account!, Build);
        if (saved is not null)
        {
            return Redirect($"/papers/{saved.Reference}?built=true");
        }

        Wrong = wrong;
        Problems = problems;
        Response.StatusCode = wrong is not null ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity;
        List();
        return Page();
    }

    private void List()
    {
        Title = "Panel papers";
        Papers = Store.Papers(PaperRoutes.LevelOf(Account));
        foreach (var document in Papers.SelectMany(p => p.Documents))
        {
            Shows(document.Level);
        }
    }
}
