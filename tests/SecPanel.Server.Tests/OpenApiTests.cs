using System.Net;
using System.Text.Json;
using SecPanel.Storage;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary>The committed OpenAPI document is the one the server generates.</summary>
public sealed class OpenApiTests
{
    /// <summary>Set to 1 to write the generated document over docs/openapi.json instead of failing.</summary>
    public const string WriteVariable = "SECPANEL_WRITE_OPENAPI";

    [Fact]
    public async Task DocsOpenApiJson_IsWhatTheServerServes()
    {
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Repo.Sample);
        var response = await server.Client().GetAsync("/api/openapi.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = Pretty(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var file = Repo.Path("docs", "openapi.json");
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            File.WriteAllText(file, served);
        }

        Assert.True(File.Exists(file) && File.ReadAllText(file) == served,
            $"docs/openapi.json is not the document the server serves: run {WriteVariable}=1 dotnet test --project tests/SecPanel.Server.Tests -- --filter-class \"*OpenApiTests\", then review and commit it");

        // Every route of the API is in it, and it names no server (the port of a test run, say).
        var document = JsonDocument.Parse(served).RootElement;
        Assert.False(document.TryGetProperty("servers", out var servers) && servers.GetArrayLength() > 0);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/session", paths);
        Assert.All(Store.RecordKinds, k => Assert.Contains($"/api/{k}s/{{key}}", paths));
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Pretty(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, Indented) + "\n";
}
