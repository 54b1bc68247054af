using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary><c>secpanel serve</c> as a user runs it: a process of its own, over a store made by the command line.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task SecpanelServe_ServesTheStore_ToAnAccountAddedByTheCommandLine()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "s.db");
        var cli = Path.Combine(AppContext.BaseDirectory, "SecPanel.Cli.dll");
        Assert.Equal(0, (await Run(cli, "\n", "init", "--db", db)).Code);
        Assert.Equal(0, (await Run(cli, "\n", "import", Repo.Sample, "--db", db)).Code);
        Assert.Equal(0, (await Run(cli, "a long passphrase for ada\n", "user", "add", "ada", "--role", "admin", "--clearance", "RED", "--db", db)).Code);

        var port = FreePort();
        using var serve = Start(cli, "serve", "--db", db, "--urls", $"http://127.0.0.1:{port}", "--max-upload", "1");
        try
        {
            var banner = await serve.StandardOutput.ReadLineAsync(cancel);
            Assert.Equal($"secpanel: serving {db} at http://127.0.0.1:{port}; Ctrl+C stops", banner);
            using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/actions", cancel)).StatusCode);
            using var signIn = new StringContent("{\"name\":\"ada\",\"password\":\"a long passphrase for ada\"}", System.Text.Encoding.UTF8, "application/json");
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/session", signIn, cancel)).StatusCode);
            var actions = await (await client.GetAsync("/api/actions", cancel)).Json();
            Assert.Equal(2, actions.GetProperty("total").GetInt64());

            // Uploads up to --max-upload.
            using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/imports?file=actions.csv") { Content = new ByteArrayContent(new byte[(1024 * 1024) + 1]) };
            upload.Content.Headers.ContentType = new("text/csv");
            upload.Headers.Add("X-CSRF-TOKEN", (await (await client.GetAsync("/api/antiforgery", cancel)).Json()).GetProperty("token").GetString());
            upload.Headers.ExpectContinue = true;
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(upload, cancel)).StatusCode);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task SecpanelServe_OnAStoreThatIsNotThere_SaysSo_AndExits2()
    {
        using var folder = new TempFolder();
        var cli = Path.Combine(AppContext.BaseDirectory, "SecPanel.Cli.dll");
        var (code, _, err) = await Run(cli, string.Empty, "serve", "--db", Path.Combine(folder.Path, "none.db"), "--urls", "http://127.0.0.1:1");
        Assert.Equal(2, code);
        Assert.Contains("no store here; create one with 'secpanel init", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecpanelServe_WithAnUploadLimitThatIsNotASize_SaysSo_AndExits2()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "s.db");
        var cli = Path.Combine(AppContext.BaseDirectory, "SecPanel.Cli.dll");
        Assert.Equal(0, (await Run(cli, "\n", "init", "--db", db)).Code);
        var (code, _, err) = await Run(cli, string.Empty, "serve", "--db", db, "--urls", "http://127.0.0.1:1", "--max-upload", "0");
        Assert.Equal(2, code);
        Assert.Contains("--max-upload: 0 is not a size from 1 to 2048 MB", err, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process Start(string cli, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    private static async Task<(int Code, string Out, string Err)> Run(string cli, string input, params string[] args)
    {
        var cancel = TestContext.Current.CancellationToken;
        using var process = Start(cli, args);
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var error = process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        return (process.ExitCode, await output, await error);
    }
}
