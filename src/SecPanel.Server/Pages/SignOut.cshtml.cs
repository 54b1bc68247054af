using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace SecPanel.Server.Pages;

/// <summary>Signing out: a form post (with its antiforgery token), so that a link on another site cannot sign anyone out.</summary>
public sealed class SignOutModel : SecPanelPage
{
    /// <summary>Asks to confirm (a sign-out is a post).</summary>
    public void OnGet() => Title = "Sign out";

    /// <summary>Clears the session and goes to the sign-in page.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/sign-in");
    }
}
