using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SecPanel.Records;
using SecPanel.Storage;
using Xunit;

[assembly: AssemblyFixture(typeof(SecPanel.Web.Tests.Browser))]

namespace SecPanel.Web.Tests;

/// <summary>
/// One Chromium for the test run: Debian's (<c>/usr/bin/chromium</c>, or the one named by
/// SECPANEL_CHROMIUM), driven by Playwright for .NET. Without it the browser tests are skipped
/// with a message saying so; .ci/run installs it and fails on skips.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>The Chromium the tests drive, or null when there is none.</summary>
    public static string? Executable =>
        Environment.GetEnvironmentVariable("SECPANEL_CHROMIUM") is { Length: > 0 } named ? named
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : null;

    /// <summary>Where the screenshots go: SECPANEL_SCREENSHOTS, or <c>screenshots/</c> beside the tests.</summary>
    public static string Screenshots =>
        Environment.GetEnvironmentVariable("SECPANEL_SCREENSHOTS") is { Length: > 0 } folder ? folder : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (Executable is null)
        {
            return;
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Executable, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--lang=en-GB"] });
    }

    /// <summary>A new browser context (its own cookies), at desktop width.</summary>
    public async Task<IPage> NewPage()
    {
        if (browser is null)
        {
            Assert.Skip("Browser tests skipped: no Chromium at /usr/bin/chromium (apt-get install chromium) and SECPANEL_CHROMIUM is not set; .ci/run installs it.");
        }

        var context = await browser.NewContextAsync(new() { ViewportSize = Desktop, Locale = "en-GB", TimezoneId = "Europe/London" });
        return await context.NewPageAsync();
    }

    public static ViewportSize Desktop { get; } = new() { Width = 1280, Height = 900 };

    public static ViewportSize Phone { get; } = new() { Width = 390, Height = 844 };

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}

/// <summary>
/// A person at the browser: each page they open is checked as every page must be: it answered,
/// it has no accessibility violation at WCAG 2.2 AA (axe-core), it carries the same classification
/// marking at top and bottom,
/// and none of the hidden texts it is given (texts held only by records the person may not see)
/// appears in it, and the browser's console reported no error (nothing the content security policy
/// blocked, no script error). A screenshot at desktop and phone width goes to <see cref="Browser.Screenshots"/>.
/// </summary>
public sealed class Visitor
{
    private static readonly List<string> Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private readonly IPage page;
    private readonly string who;
    private readonly IReadOnlyCollection<string> hidden;

    /// <summary>What the browser's console said was wrong (a script error, something the content security policy blocked).</summary>
    private readonly List<string> errors = [];

    public Visitor(IPage page, string who, IReadOnlyCollection<string> hidden)
    {
        (this.page, this.who, this.hidden) = (page, who, hidden);
        page.Console += (_, message) =>
        {
            // A page answered 4xx on purpose (a refusal the test asks for) logs its status; that is not a fault of the page.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
    }

    public IPage Page => page;

    /// <summary>The pages checked so far, by their screenshot names.</summary>
    public List<string> Checked { get; } = [];

    /// <summary>Opens <paramref name="url"/> and checks it; the answer's status is returned.</summary>
    public async Task<int> Open(string url, string shot)
    {
        var response = await page.GotoAsync(url);
        await Check(shot);
        return response!.Status;
    }

    /// <summary>Checks the page shown now.</summary>
    public async Task Check(string shot)
    {
        Assert.True(errors.Count == 0, $"{who} on {page.Url}: the browser's console said: {string.Join(" | ", errors)}");
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = Tags } });
        Assert.True(axe.Violations.Length == 0, $"{who} on {page.Url}: accessibility violations:\n" + string.Join("\n", axe.Violations.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help}\n    " + string.Join("\n    ", v.Nodes.Take(5).Select(n => n.Html)))));

        var top = await page.Locator("#marking-top").InnerTextAsync();
        var bottom = await page.Locator("#marking-bottom").InnerTextAsync();
        Assert.Equal(top, bottom);
        Assert.StartsWith("TLP:", top, StringComparison.Ordinal);

        var html = System.Net.WebUtility.HtmlDecode(await page.ContentAsync());
        var seen = hidden.Where(t => html.Contains(t, StringComparison.Ordinal)).ToList();
        Assert.True(seen.Count == 0, $"{who} on {page.Url} sees text only records hidden from them hold: {string.Join(" | ", seen.Take(3))}");

        Directory.CreateDirectory(Browser.Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Browser.Screenshots, $"{shot}-desktop.png"), FullPage = true });
        await page.SetViewportSizeAsync(Browser.Phone.Width, Browser.Phone.Height);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Browser.Screenshots, $"{shot}-phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(Browser.Desktop.Width, Browser.Desktop.Height);
        Checked.Add(shot);
    }

    /// <summary>The level the page's marking says.</summary>
    public async Task<Tlp> Marking()
    {
        var top = await page.Locator("#marking-top").InnerTextAsync();
        Assert.True(Tlps.TryParse(top["TLP:".Length..].Split(' ')[0], out var level), top);
        return level;
    }

    /// <summary>
    /// The texts held only by records an account with <paramref name="access"/> may not see: each
    /// text field of each hidden record, of 12 characters or more, that no visible record holds and
    /// what is not classified does not either: the rule data (the obligation catalogue) and the
    /// deliveries and figures of <paramref name="workspace"/> (the Users' names in them).
    /// </summary>
    public static IReadOnlyCollection<string> HiddenFrom(Store store, Access? access, string workspace)
    {
        var hidden = new HashSet<string>(StringComparer.Ordinal);
        var visible = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kind in Store.RecordKinds)
        {
            var seen = access is null ? [] : store.ReadRecords(kind, access, new Dictionary<string, string>(), 0, 100_000).Records.Select(r => (r.Kind, string.Join("/", r.Key))).ToHashSet();
            foreach (var record in store.ReadRecords(kind, Access.Everything, new Dictionary<string, string>(), 0, 100_000).Records)
            {
                var texts = record.Fields.Values.OfType<string>().Where(t => t.Length >= 12);
                (seen.Contains((record.Kind, string.Join("/", record.Key))) ? visible : hidden).UnionWith(texts);
            }
        }

        hidden.ExceptWith(visible);
        var rules = string.Concat(Directory.GetFiles(SecPanel.Testing.Repo.Data, "*.csv")
            .Concat(Directory.GetFiles(workspace, "*.csv").Where(f => Store.FileClass(Path.GetFileName(f)) == ImportFileClass.Figures))
            .Select(File.ReadAllText));
        hidden.RemoveWhere(t => rules.Contains(t, StringComparison.Ordinal));
        return hidden;
    }
}
