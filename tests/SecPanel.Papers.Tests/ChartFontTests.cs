using SecPanel.Papers.Composing;
using Xunit;

namespace SecPanel.Papers.Tests;

/// <summary>
/// The charts' text is drawn with the font shipped with SecPanel, not one looked up on the machine:
/// on a machine with no fonts a chart would otherwise lose its title, axes and legend, and on
/// another font its bytes. (Checked by hand by hiding the system's fonts: docs/papers.md.)
/// </summary>
public sealed class ChartFontTests
{
    [Fact]
    public void TheChartFont_IsShippedBesideSecPanel_AndServesTheChartsFontName()
    {
        // A paper with charts has been drawn, so the font is registered.
        Assert.NotEmpty(new PaperComposer(Workspace.Rules, Workspace.SampleWithHistory()).Compose(Workspace.July2018).Value.Body.Blocks.OfType<Figure>());

        foreach (var file in new[] { "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE-DejaVu.txt" })
        {
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "fonts", file)), $"fonts/{file} is not beside SecPanel");
        }

        // Some resolver knows the charts' own font name (no system font has it), regular and bold, and it is DejaVu Sans.
        foreach (var bold in new[] { false, true })
        {
            var typefaces = ScottPlot.Fonts.FontResolvers.Select(r => r.CreateTypeface(Charts.FontName, bold, italic: false)).OfType<object>().ToList();
            var typeface = Assert.IsAssignableFrom<SkiaSharp.SKTypeface>(Assert.Single(typefaces));
            Assert.Equal(("DejaVu Sans", bold), (typeface.FamilyName, typeface.IsBold));
        }
    }
}
