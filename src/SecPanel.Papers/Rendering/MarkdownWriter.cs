using System.Text;
using SecPanel.Papers.Composing;

namespace SecPanel.Papers.Rendering;

/// <summary>Writes a <see cref="PaperDocument"/> as Markdown, its marking at the top and the bottom.</summary>
public static class MarkdownWriter
{
    /// <summary>The Markdown text, ending with a newline.</summary>
    public static string Write(PaperDocument document)
    {
        var text = new StringBuilder();
        text.Append("**").Append(document.Marking).Append("**\n\n");
        text.Append("Paper Reference: ").Append(document.Reference).Append("  \nAction: For Information\n\n");
        text.Append("# ").Append(document.Title).Append("\n\n");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case Heading h:
                    text.Append(new string('#', h.Level + 1)).Append(' ').Append(h.Text).Append("\n\n");
                    break;
                case Paragraph p:
                    var lines = p.Text.Replace("\n", "  \n", StringComparison.Ordinal);
                    text.Append(p.Strong ? $"**{lines}**" : lines).Append("\n\n");
                    break;
                case BulletList l:
                    foreach (var item in l.Items)
                    {
                        text.Append("- ").Append(item).Append('\n');
                    }

                    text.Append('\n');
                    break;
                case Figure f:
                    // Markdown carries a chart's figures; the picture is in the DOCX and HTML.
                    text.Append("*Figure: ").Append(f.Caption).Append("*\n\n");
                    WriteTable(text, f.Header, f.Data);
                    break;
                case Table t:
                    WriteTable(text, t.Header, t.Rows);
                    break;
                default:
                    throw new InvalidOperationException($"no Markdown for {block.GetType().Name}");
            }
        }

        text.Append("**").Append(document.Marking).Append("**\n");
        return text.ToString();
    }

    private static void WriteTable(StringBuilder text, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        text.Append("| ").Append(string.Join(" | ", header.Select(Cell))).Append(" |\n|");
        text.Append(string.Concat(header.Select(_ => "---|"))).Append('\n');
        foreach (var row in rows)
        {
            text.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
        }

        text.Append('\n');
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);
}
