using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace SecPanel.Server.Pages;

/// <summary>The page shown for an error status: not found (also what a page the reader may not see gives), not allowed, too many requests.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : SecPanelPage
{
    /// <summary>What the status means to the reader.</summary>
    public string Explanation { get; private set; } = string.Empty;

    /// <summary>Shows the error; the status stays the one the page was refused with.</summary>
    public void OnGet(int code) => Show(code);

    /// <summary>The same for a refused form post.</summary>
    public void OnPost(int code) => Show(code);

    private void Show(int code)
    {
        (Title, Explanation) = code switch
        {
            StatusCodes.Status404NotFound => ("Not found", "There is nothing here, or nothing you may see."),
            StatusCodes.Status403Forbidden => ("Not allowed", "Your role may not see this page."),
            StatusCodes.Status429TooManyRequests => ("Too many attempts", "Too many sign-in attempts from this address; wait a minute and try again."),
            StatusCodes.Status400BadRequest => ("Bad request", "The form was out of date or incomplete; go back, reload the page and try again."),
            _ => ("Something went wrong", $"The server answered {code}."),
        };
    }
}
