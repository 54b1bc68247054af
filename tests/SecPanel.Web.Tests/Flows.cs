using System.IO.Compression;
using Microsoft.Playwright;
using SecPanel.Records;
using SecPanel.Server.Tests;
using SecPanel.Storage;
using SecPanel.Testing;
using static Microsoft.Playwright.Assertions;

namespace SecPanel.Web.Tests;

/// <summary>What the flows share: a server over a fresh store, accounts, the sample as a zip, signing in.</summary>
internal static class Flows
{
    public static string Sample => Path.Combine(Repo.Root, "samples", "opsg-2018-06");

    /// <summary>The sample case folder as a zip, with <paramref name="change"/> made to one file's text first.</summary>
    public static string SampleZip(string folder, string name, (string File, string From, string To)? change = null)
    {
        var path = Path.Combine(folder, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var file in Directory.GetFiles(Sample, "*.csv").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            if (change is { } c && Path.GetFileName(file) == c.File)
            {
                Xunit.Assert.Contains(c.From, text, StringComparison.Ordinal);
                text = text.Replace(c.From, c.To, StringComparison.Ordinal);
            }

            using var entry = new StreamWriter(zip.CreateEntry(Path.GetFileName(file)).Open());
            entry.Write(text);
        }

        return path;
    }

    /// <summary>Signs in on the sign-in page and lands on the dashboard.</summary>
    public static async Task SignIn(Visitor visitor, RunningServer server, string name, string password = RunningServer.Password, string? shot = null)
    {
        var page = visitor.Page;
        await page.GotoAsync(new Uri(server.Address, "/sign-in").ToString());
        if (shot is not null)
        {
            await visitor.Check(shot);
        }

        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");
    }

    public static string At(RunningServer server, string path) => new Uri(server.Address, path).ToString();

    /// <summary>An account of the DCC's staff that signs in with a password.</summary>
    public static Account AddDcc(RunningServer server, string name) =>
        server.Store.AddAccount(name, Role.Dcc, Tlp.White, [], Server.Credentials.HashPassword(RunningServer.Password), "tester");
}
