using System.Net;
using SecPanel.Records;
using SecPanel.Storage;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary><c>GET /api/forecast-quality</c>: the command line's JSON, Users named from Green.</summary>
public sealed class ForecastQualityApiTests
{
    [Fact]
    public async Task TheApi_GivesTheCommandLinesJson_NamingUsersFromGreen()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Workspaces.Year);
        server.Add("sam", Role.Secretariat, Tlp.Red);
        var sam = await server.SignedIn("sam");
        var served = await sam.GetStringAsync("/api/forecast-quality?obligation=csr-variance&months=6", cancel);
        var cli = new StringWriter();
        Assert.Equal(0, Cli.SecPanelCommand.Run(["forecast-quality", "--db", PaperTests.DbArgument(server.Store.Location), "--obligation", "csr-variance", "--months", "6", "--level", "GREEN", "--format", "json"], cli, new StringWriter(), server.Clock));
        Assert.Equal(cli.ToString(), served);

        var dcc = server.Dcc("dcc-staff");
        var counts = await (await dcc.GetAsync("/api/forecast-quality", cancel)).Json();
        Assert.False(counts.GetProperty("named").GetBoolean());
        Assert.False(counts.TryGetProperty("ranking", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await sam.GetAsync("/api/forecast-quality?obligation=pmr", cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await sam.GetAsync("/api/forecast-quality?months=2", cancel)).StatusCode);
    }
}
