using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http.Features;
using SecPanel.Records;
using SecPanel.Storage;
using SecPanel.Storage.Tests;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary>A store of one engine served on a free loopback port, with accounts the tests sign in as.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    /// <summary>Every test account's password.</summary>
    public const string Password = "correct horse battery staple";

    private readonly StoreFixture fixture;
    private readonly List<HttpClient> clients = [];

    private RunningServer(StoreFixture fixture, Store store, WebApplication app, Uri address)
    {
        this.fixture = fixture;
        Store = store;
        App = app;
        Address = address;
    }

    public Store Store { get; }

    public WebApplication App { get; }

    public Uri Address { get; }

    public NodaTime.Testing.FakeClock Clock => fixture.Clock;

    /// <summary>Starts a server over a new store of <paramref name="kind"/> holding <paramref name="workspace"/> (null: the rule data alone).</summary>
    public static async Task<RunningServer> Start(StoreKind kind, string? workspace, Func<ServerOptions, ServerOptions>? configure = null)
    {
        var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        if (workspace is not null)
        {
            var imported = store.Import(workspace, new ImportOptions("tester"));
            Assert.True(imported.Succeeded, string.Join("\n", imported.Problems));
        }

        var options = new ServerOptions(fixture.Location, fixture.Clock, ["http://127.0.0.1:0"], Public: false);
        var app = SecPanelServer.Build(configure?.Invoke(options) ?? options);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new RunningServer(fixture, store, app, new Uri(address));
    }

    /// <summary>Adds an account with <see cref="Password"/>.</summary>
    public Account Add(string name, Role role, Tlp clearance, params string[] committees) =>
        Store.AddAccount(name, role, clearance, committees, Credentials.HashPassword(Password), "tester");

    /// <summary>A client with a cookie jar of its own, signed in nowhere yet.</summary>
    public HttpClient Client()
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = Address };
        clients.Add(client);
        return client;
    }

    /// <summary>A client signed in as <paramref name="name"/>, sending its session's antiforgery token with every request.</summary>
    public async Task<HttpClient> SignedIn(string name, string password = Password)
    {
        var client = await SignedInWithoutAntiforgery(name, password);
        var token = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/antiforgery", TestContext.Current.CancellationToken);
        client.DefaultRequestHeaders.Add(token.GetProperty("header").GetString()!, token.GetProperty("token").GetString());
        return client;
    }

    /// <summary>A client signed in as <paramref name="name"/> that sends no antiforgery token.</summary>
    public async Task<HttpClient> SignedInWithoutAntiforgery(string name, string password = Password)
    {
        var client = Client();
        var response = await client.PostAsJsonAsync("/api/session", new { name, password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return client;
    }

    /// <summary>A client of the DCC's systems: an account <paramref name="name"/> of role dcc that signs in by a token.</summary>
    public HttpClient Dcc(string name = "dcc-systems") =>
        WithToken(Credentials.CreateToken(Store, Store.AddAccount(name, Role.Dcc, Tlp.White, [], null, "tester").Name, new NodaTime.LocalDate(2027, 1, 31), "tester"));

    /// <summary>A client that sends <paramref name="token"/> as a bearer token.</summary>
    public HttpClient WithToken(string token)
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        clients.ForEach(c => c.Dispose());
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        fixture.Dispose();
    }
}

/// <summary>Reading the API's answers.</summary>
internal static class Answers
{
    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();

    /// <summary>A problem document without its trace id, which differs from request to request.</summary>
    public static async Task<string> Problem(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Json();
        return string.Join(";", problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}"));
    }
}
