using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using SecPanel.Records;
using SecPanel.Storage;

namespace SecPanel.Server.Pages;

/// <summary>
/// What every page has: the signed-in account and what it may see, the page's title, and the
/// classification marking of the most restricted thing the page shows, which the layout writes at
/// its top and bottom.
/// </summary>
public abstract class SecPanelPage : PageModel
{
    /// <summary>The page's title, in its heading and the browser's tab.</summary>
    public string Title { get; protected set; } = "SecPanel";

    /// <summary>The most restricted level of what the page shows: White until something above it is shown.</summary>
    public Tlp Marking { get; private set; } = Tlp.White;

    /// <summary>The store the page reads.</summary>
    public Store Store => HttpContext.RequestServices.GetRequiredService<Store>();

    /// <summary>Today in London, by the server's clock.</summary>
    public NodaTime.LocalDate Today => HttpContext.RequestServices.GetRequiredService<ServerOptions>().Clock.GetCurrentInstant().InZone(Shown.London).Date;

    /// <summary>The rule data in force (the catalogue, the committees), kept while the store is unchanged.</summary>
    public RuleBook Rules => HttpContext.RequestServices.GetRequiredService<DueDates>().Rules(HttpContext);

    /// <summary>The signed-in account, or null for a visitor (a public page under <c>--public</c>, the sign-in page).</summary>
    public Account? Account => Api.Caller(HttpContext, Store);

    /// <summary>What the account may see of meetings, deliveries and (for roles that read them) committee records.</summary>
    public Access? Access => Api.AccessOf(Account);

    /// <summary>Whether the account reads committee records (admin, secretariat, member).</summary>
    public bool ReadsRecords => Account?.Role is Role.Admin or Role.Secretariat or Role.Member;

    /// <summary>Whether the account keeps the committees' records (admin, secretariat).</summary>
    public bool Edits => Account?.Role is Role.Admin or Role.Secretariat;

    /// <summary>Whether the account uploads deliveries and figures (admin, secretariat, the DCC).</summary>
    public bool Submits => Account?.Role is Role.Admin or Role.Secretariat or Role.Dcc;

    /// <summary>Raises the page's marking to <paramref name="level"/> when that is higher.</summary>
    public void Shows(Tlp level)
    {
        if (level > Marking)
        {
            Marking = level;
        }
    }
}
