using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace SecPanel.Server.Pages;

/// <summary>The account's own page: who it is, what it may see, and a new password.</summary>
public sealed class AccountModel : SecPanelPage
{
    /// <summary>Each field's problem, by the field's id.</summary>
    public Dictionary<string, string> Problems { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the password was just changed.</summary>
    public bool Changed { get; private set; }

    /// <summary>The account's calendar feeds, revoked ones included.</summary>
    public IReadOnlyList<Storage.CalendarFeedKey> Feeds { get; private set; } = [];

    /// <summary>The committees a feed may be limited to: the account's own, or every committee for those who read them all.</summary>
    public IReadOnlyList<string> FeedCommittees { get; private set; } = [];

    /// <summary>The address of the feed just made, shown once.</summary>
    public string? NewFeed { get; private set; }

    /// <summary>Why no feed was made.</summary>
    public string? FeedProblem { get; private set; }

    /// <summary>Shows the account.</summary>
    public void OnGet(bool changed = false)
    {
        Title = "Your account";
        Changed = changed;
        LoadFeeds();
    }

    /// <summary>Makes a calendar feed of the account's and shows its address once.</summary>
    public IActionResult OnPostFeed([FromForm] string? committee)
    {
        Title = "Your account";
        LoadFeeds();
        var only = string.IsNullOrEmpty(committee) ? null : committee;
        if (only is not null && !FeedCommittees.Contains(only))
        {
            FeedProblem = $"'{only}' is not a committee you may choose.";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var (_, path) = FeedRoutes.Make(Store, Account!.Name, only);
        NewFeed = $"{Request.Scheme}://{Request.Host}{Request.PathBase}{path}";
        LoadFeeds();
        return Page();
    }

    /// <summary>Revokes a feed of the account's.</summary>
    public IActionResult OnPostRevoke([FromForm] string? id)
    {
        if (id is null || !Store.RevokeCalendarFeed(id, Account!.Name, Account.Name))
        {
            return NotFound();
        }

        return Redirect("/account#feeds-heading");
    }

    private void LoadFeeds()
    {
        Feeds = Store.CalendarFeedsOf(Account!.Name);
        FeedCommittees = Account.Role is Storage.Role.Member ? [.. Account.Committees] : [.. Rules.Committees.Select(c => c.Key)];
    }

    /// <summary>
    /// Changes the password when the current one is right and the new one will do. A wrong current
    /// password counts towards the lockout, as a sign-in's does. The change ends every other session
    /// of the account (its stamp changes); this one is signed in again.
    /// </summary>
    public async Task<IActionResult> OnPostAsync([FromForm] string? current, [FromForm] string? password, [FromForm] string? again)
    {
        Title = "Your account";
        var account = Account!;
        if (Credentials.PasswordProblem(password ?? string.Empty) is { } problem)
        {
            Problems["password"] = $"The new password: {problem}.";
        }
        else if (password != again)
        {
            Problems["again"] = "The new password is not the same both times.";
        }

        if (Problems.Count == 0)
        {
            var options = HttpContext.RequestServices.GetRequiredService<ServerOptions>();
            HttpContext.Items[Api.LoggedKey] = true;
            if (Api.CheckSignIn(HttpContext, Store, options, account.Name, current ?? string.Empty, "password confirmed") is null)
            {
                Problems["current"] = "The current password is wrong.";
            }
        }

        if (Problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            LoadFeeds();
            return Page();
        }

        var changed = Store.SetPassword(account.Name, Credentials.HashPassword(password!), account.Name);
        Store.LogServerEvent(account.Name, "password changed", "by the account itself");
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SecPanelServer.Principal(changed, CookieAuthenticationDefaults.AuthenticationScheme));
        return Redirect("/account?changed=true");
    }
}
