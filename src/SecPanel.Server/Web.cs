using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace SecPanel.Server;

/// <summary>
/// The web pages: Razor Pages rendered on the server, working without JavaScript, over the same
/// store, access rules and library as the API (docs/web.md). Every page needs a signed-in account
/// (the fallback policy) unless named here; a folder of pages takes the policy of the API routes
/// behind it.
/// </summary>
internal static class Web
{
    private static readonly FrozenDictionary<string, (string Type, byte[] Bytes)> Assets = LoadAssets();

    public static void Configure(RazorPagesOptions pages, ServerOptions options)
    {
        pages.Conventions.AuthorizeFolder("/", Api.Anyone);
        pages.Conventions.AllowAnonymousToPage("/SignIn");
        pages.Conventions.AllowAnonymousToPage("/Error");
        pages.Conventions.AuthorizeFolder("/Records", Api.Readers);
        pages.Conventions.AuthorizePage("/Records/Add", Writes.Editors);
        pages.Conventions.AuthorizeFolder("/Uploads", Writes.Submitters);
        pages.Conventions.AuthorizeFolder("/Admin", Api.Admins);
        if (!options.Public)
        {
            // Papers are the readers'; with --public, anyone reads the White ones (as the API's papers).
            pages.Conventions.AuthorizeFolder("/Papers", Api.Readers);
        }
        if (options.Public)
        {
            // What the API opens with --public, the pages open too: the calendar and the catalogue.
            pages.Conventions.AllowAnonymousToPage("/Calendar");
            pages.Conventions.AllowAnonymousToPage("/Obligations");
            pages.Conventions.AllowAnonymousToFolder("/Papers");
        }
    }

    public static void Map(WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet("/assets/{name}", (string name) => Assets.TryGetValue(name, out var asset)
                ? Results.Bytes(asset.Bytes, asset.Type)
                : Results.NotFound())
            .AllowAnonymous().ExcludeFromDescription();
    }

    private static FrozenDictionary<string, (string Type, byte[] Bytes)> LoadAssets()
    {
        var assembly = typeof(Web).Assembly;
        var assets = new Dictionary<string, (string Type, byte[] Bytes)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("assets/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource["assets/".Length..];
            var type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            assets[name] = (type, copy.ToArray());
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
