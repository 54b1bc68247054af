using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>
/// Signs in a program by its token (<c>Authorization: Bearer spt_...</c>): a token that is
/// unknown, revoked, past its expiry date, or of a disabled account is refused, and the refusal
/// is in the server's log.
/// </summary>
internal sealed class TokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Store store, ServerOptions server)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.Fail("the Authorization header is not 'Bearer' and a token"));
        }

        var failure = Check(header["Bearer ".Length..].Trim(), out var account);
        if (failure is not null)
        {
            // Once a minute for the same failure, as other refusals: a program retrying with a dead token cannot flood the log.
            if (Context.RequestServices.GetRequiredService<RefusalLog>().Admit("(token)", failure) is { } earlier)
            {
                store.LogServerEvent("(token)", "token refused", earlier > 0 ? $"{failure} ({earlier} more like it in the minute before were not logged one by one)" : failure);
            }

            return Task.FromResult(AuthenticateResult.Fail(failure));
        }

        Context.Items[SecPanelServer.AccountKey] = account;
        var principal = SecPanelServer.Principal(account!, Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    private string? Check(string token, out Account? account)
    {
        account = null;
        if (Credentials.ParseToken(token) is not { } parts || store.FindToken(parts.Id) is not { } stored || !Credentials.VerifySecret(stored.SecretHash, parts.Secret))
        {
            return "unknown token";
        }

        var today = server.Clock.GetCurrentInstant().InUtc().Date;
        if (stored.Revoked)
        {
            return $"token {stored.Id} is revoked";
        }

        if (stored.Expires < today)
        {
            return $"token {stored.Id} expired on {stored.Expires:uuuu-MM-dd}";
        }

        if (store.FindAccount(stored.Account) is not { } found || found.Account.Disabled)
        {
            return $"token {stored.Id}: account '{stored.Account}' is disabled";
        }

        account = found.Account;
        return null;
    }
}
