using System.Globalization;
using SecPanel.Storage;

namespace SecPanel.Server.Pages.Meetings;

/// <summary>The meetings the reader may see (a member: its committees'), a page at a time.</summary>
public sealed class MeetingsModel : SecPanelPage
{
    /// <summary>Meetings on a page.</summary>
    public const int PageSize = 50;

    /// <summary>The page of meetings.</summary>
    public RecordPage? List { get; private set; }

    /// <summary>The committee filtered on.</summary>
    public string? Committee { get; private set; }

    /// <summary>The committees to filter on.</summary>
    public IReadOnlyList<string> Committees { get; private set; } = [];

    /// <summary>The address of another page.</summary>
    public string PageLink(int offset) =>
        $"/meetings?{(Committee is null ? string.Empty : $"committee={Uri.EscapeDataString(Committee)}&")}offset={offset.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Shows a page of meetings.</summary>
    public void OnGet(string? committee, int offset = 0)
    {
        Title = "Meetings";
        Committee = string.IsNullOrWhiteSpace(committee) ? null : committee.Trim();
        Committees = Account!.Role == Role.Member ? Account.Committees : [.. Rules.Committees.Select(c => c.Key)];
        var filters = Committee is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["committee"] = Committee };
        List = Store.ReadRecords("meeting", Access!, filters, Math.Max(0, offset), PageSize);
    }
}
