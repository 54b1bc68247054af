using SecPanel.Papers.Composing;
using SecPanel.Papers.Rendering;
using Xunit;

namespace SecPanel.Papers.Tests;

/// <summary>People's text reaches the Markdown reader as written: nothing in a record becomes emphasis, a link, raw HTML, a heading or a list.</summary>
public sealed class MarkdownEscapeTests
{
    [Theory]
    [InlineData("*urgent* and **very**", @"\*urgent\* and \*\*very\*\*")]
    [InlineData("_this_ but snake_case and SECP_58_1307_20", @"\_this\_ but snake_case and SECP_58_1307_20")]
    [InlineData("<script>alert(1)</script>", @"\<script\>alert(1)\</script\>")]
    [InlineData("[link](https://example.org) and `code`", @"\[link\](https://example.org) and \`code\`")]
    [InlineData("&amp; is not R&D nor &#35;", @"\&amp; is not R&D nor \&#35;")]
    [InlineData(@"a \ backslash and ~~struck~~", @"a \\ backslash and \~\~struck\~\~")]
    [InlineData("# not a heading\n- not a list\n+ nor this\n1. not numbered\n2) nor this", "\\# not a heading\n\\- not a list\n\\+ nor this\n1\\. not numbered\n2\\) nor this")]
    [InlineData("#5 and -12 and 2.1 and 99.5% and 3.", "#5 and -12 and 2.1 and 99.5% and 3.")]
    [InlineData("line\n===\nand ---", "line\n\\===\nand ---")]
    [InlineData("Votes | For\n:-- | --:", "Votes \\| For\n:-- \\| --:")]
    [InlineData("    four spaces would be code\n\tand so would a tab", "four spaces would be code\nand so would a tab")]
    public void Text_IsEscapedWhereMarkdownWouldReadIt(string text, string expected) =>
        Assert.Equal(expected, MarkdownWriter.Escape(text));

    [Theory]
    [InlineData("Action on item #", @"Action on item \#")]
    [InlineData("Line one\n- two", "Line one - two")]
    [InlineData("1. Purpose and 2.1 DCC reporting", "1. Purpose and 2.1 DCC reporting")]
    public void AHeading_StaysOneHeading(string text, string expected) =>
        Assert.Equal(expected, MarkdownWriter.Escape(text, MarkdownPlace.Heading));

    [Fact]
    public void ABoldParagraph_HasNoSpaceJustInsideItsStars()
    {
        var document = new PaperDocument("X", "R", "T", Records.Tlp.White, [new Paragraph(" Decision on the band ") { Strong = true }, new Paragraph(" ") { Strong = true }]);

        var markdown = MarkdownWriter.Write(document);

        Assert.Contains("\n**Decision on the band**\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("****", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ARecordsText_IsShownLiterally_InEveryKindOfBlock()
    {
        const string Text = "- *Decision* on <b>SUP_A</b>";
        var document = new PaperDocument(
            "X",
            "SECP_1",
            "Title",
            Records.Tlp.White,
            [new Heading(1, Text), new Paragraph(Text), new BulletList([Text]), new Table(["h"], [[Text + " | -1"]])]);

        var markdown = MarkdownWriter.Write(document);

        Assert.Contains(@"## - \*Decision\* on \<b\>SUP_A\</b\>" + "\n", markdown, StringComparison.Ordinal);
        Assert.Contains("\n" + @"\- \*Decision\* on \<b\>SUP_A\</b\>" + "\n", markdown, StringComparison.Ordinal);
        Assert.Contains("\n" + @"- \- \*Decision\* on \<b\>SUP_A\</b\>" + "\n", markdown, StringComparison.Ordinal);
        Assert.Contains(@"| - \*Decision\* on \<b\>SUP_A\</b\> \| -1 |", markdown, StringComparison.Ordinal);
    }
}
