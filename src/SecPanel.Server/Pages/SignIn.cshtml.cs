using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace SecPanel.Server.Pages;

/// <summary>The sign-in page: the same checks, lockout and log as the API's sign-in, and the same limit per address.</summary>
[EnableRateLimiting(SecPanelServer.SignInLimit)]
public sealed class SignInModel : SecPanelPage
{
    /// <summary>The name typed, kept when a sign-in fails.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>The page to go back to, when it is one of this server's.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Whether the last attempt was refused.</summary>
    public bool Refused { get; private set; }

    /// <summary>Shows the form.</summary>
    public void OnGet() => Title = "Sign in";

    /// <summary>Checks the name and password, and signs in.</summary>
    public async Task<IActionResult> OnPostAsync([FromForm] string? password)
    {
        Title = "Sign in";
        HttpContext.Items[Api.LoggedKey] = true;
        var options = HttpContext.RequestServices.GetRequiredService<ServerOptions>();
        if (string.IsNullOrEmpty(Name) || string.IsNullOrEmpty(password)
            || Api.CheckSignIn(HttpContext, Store, options, Name, password) is not { } account)
        {
            Refused = true;
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SecPanelServer.Principal(account, CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
