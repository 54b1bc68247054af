using SecPanel.Storage;

namespace SecPanel.Server.Pages.Admin;

/// <summary>The server's log for admins, a page at a time from the newest.</summary>
public sealed class LogModel : SecPanelPage
{
    /// <summary>Entries on a page.</summary>
    public const int PageSize = 100;

    /// <summary>The entries shown.</summary>
    public IReadOnlyList<ServerLogEntry> Entries { get; private set; } = [];

    /// <summary>The entry the page starts before, or null for the newest.</summary>
    public long? Before { get; private set; }

    /// <summary>Shows the entries before <paramref name="before"/> (the newest by default).</summary>
    public void OnGet(long? before)
    {
        Title = "Server log";
        Before = before;
        Entries = Store.ServerLog(PageSize, before);
    }
}
