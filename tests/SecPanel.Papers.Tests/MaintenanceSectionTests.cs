using NodaTime;
using SecPanel.Maintenance;
using SecPanel.Papers.Composing;
using SecPanel.Papers.Rendering;
using Xunit;

namespace SecPanel.Papers.Tests;

/// <summary>The Planned Maintenance under the OPSG's DCC reporting: the windows its meeting heard of, short notice flagged, in every format.</summary>
public sealed class MaintenanceSectionTests
{
    private static MaintenanceWindow Window(string id, LocalDateTime start, int hours, LocalDate notified) =>
        new(id, "ssi", start, start.PlusHours(hours), notified, "upgrade");

    [Fact]
    public void TheOpsgPart_ListsTheWindowsItsMeetingHeardOf_FlaggingShortNotice()
    {
        var sample = Workspace.Sample() with
        {
            Maintenance =
            [
                Window("PM-2018-06-A", new LocalDateTime(2018, 6, 10, 0, 0), 4, new LocalDate(2018, 5, 1)),
                Window("PM-2018-07-B", new LocalDateTime(2018, 7, 1, 0, 0), 3, new LocalDate(2018, 6, 20)),
                Window("PM-2018-04-C", new LocalDateTime(2018, 4, 15, 0, 0), 3, new LocalDate(2018, 3, 1)),
            ],
        };

        var body = new PaperComposer(Workspace.Rules, sample).Compose(Workspace.July2018).Value.Body;

        var blocks = body.Blocks.ToList();
        var heading = blocks.FindIndex(b => b is Heading { Text: "Planned maintenance" });
        Assert.True(heading > blocks.FindIndex(b => b is Heading h && h.Text.Contains("DCC reporting", StringComparison.Ordinal)));
        Assert.Equal("2 windows of Planned Maintenance were notified or began since the previous meeting; one was given less notice than the rules require and is flagged for OPSG.", Assert.IsType<Paragraph>(blocks[heading + 1]).Text);
        var table = Assert.IsType<Table>(blocks[heading + 2]);
        Assert.Equal(["Window", "Service", "When (London)", "Notified", "Notice"], table.Header);
        Assert.Equal(
            [
                ["PM-2018-06-A", "Self-Service Interface", "10th June 2018 00:00–04:00", "1st May 2018", "26 Working Days (20 required)"],
                ["PM-2018-07-B", "Self-Service Interface", "1st July 2018 00:00–03:00", "20th June 2018", "7 of 20 Working Days: short notice (due by 3rd June 2018)"],
            ],
            table.Rows);
        Assert.All(Workspace.Renderings(body).Take(2), text => Assert.Contains("7 of 20 Working Days: short notice", text, StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutWindows_ThePaperHasNoSuchPart()
    {
        var body = Workspace.SamplePaper().Body;
        Assert.DoesNotContain(body.Blocks, b => b is Heading { Text: "Planned maintenance" });
        Assert.DoesNotContain("of Planned Maintenance were notified", MarkdownWriter.Write(body), StringComparison.Ordinal);
    }
}
