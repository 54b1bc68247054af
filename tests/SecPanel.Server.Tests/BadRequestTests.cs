using SecPanel.Records;
using SecPanel.Storage;
using SecPanel.Testing;
using Xunit;

namespace SecPanel.Server.Tests;

/// <summary>Requests the API cannot answer as asked get a problem document saying what is wrong, and change nothing.</summary>
public sealed class BadRequestTests
{
    [Theory]
    [InlineData("/api/actions?offset=-1", 400, "'offset' is '-1'; offset is a whole number from 0, limit from 1 to 500.")]
    [InlineData("/api/actions?limit=0", 400, "'limit' is '0'; offset is a whole number from 0, limit from 1 to 500.")]
    [InlineData("/api/actions?limit=501", 400, "'limit' is '501'; offset is a whole number from 0, limit from 1 to 500.")]
    [InlineData("/api/actions?limit=ten", 400, "'limit' is 'ten'; offset is a whole number from 0, limit from 1 to 500.")]
    [InlineData("/api/actions?password=x", 400, "'password' is not a field of actions; the fields are committee, meeting_date, id, title, owner, due, status, text, closed, classification, public_summary, with offset and limit.")]
    [InlineData("/api/actions/OPSG/2018-06-26", 404, "There is no action OPSG/2018-06-26.")]
    [InlineData("/api/actions/OPSG/2018-02-30/A1", 404, "There is no action OPSG/2018-02-30/A1.")]
    [InlineData("/api/assessments/OPSG/2018-06-27", 404, "There is no meeting OPSG/2018-06-27.")]
    [InlineData("/api/assessments/OPSG/26-06-2018", 404, "There is no meeting OPSG/26-06-2018.")]
    [InlineData("/api/no-such-route", 404, null)]
    public async Task ARequestTheApiCannotAnswer_GetsAProblemDocument(string path, int status, string? detail)
    {
        await using var server = await RunningServer.Start(StoreKind.Sqlite, Repo.Sample);
        server.Add("ada", Role.Admin, Tlp.Red);
        var ada = await server.SignedIn("ada");
        var trail = server.Store.AuditTrail().Count;
        var response = await ada.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(status, (int)response.StatusCode);
        var problem = await response.Problem();
        Assert.Contains($"status={status}", problem, StringComparison.Ordinal);
        if (detail is not null)
        {
            Assert.Contains($"detail={detail}", problem, StringComparison.Ordinal);
        }

        Assert.Equal(trail, server.Store.AuditTrail().Count);
    }
}
