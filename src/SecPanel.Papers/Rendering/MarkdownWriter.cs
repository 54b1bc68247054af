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
        text.Append("**").Append(Escape(document.Marking)).Append("**\n\n");
        text.Append("Paper Reference: ").Append(Escape(document.Reference)).Append("  \nAction: For Information\n\n");
        text.Append("# ").Append(Escape(document.Title, MarkdownPlace.Heading)).Append("\n\n");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case Heading h:
                    text.Append(new string('#', h.Level + 1)).Append(' ').Append(Escape(h.Text, MarkdownPlace.Heading)).Append("\n\n");
                    break;
                case Paragraph p:
                    // Bold needs no space just inside its stars, or the stars show as they are.
                    var lines = string.Concat(p.Pieces().Select((piece, i) => Piece(piece, i))).Trim().Replace("\n", "  \n", StringComparison.Ordinal);
                    text.Append(p.Strong && lines.Length > 0 ? $"**{lines}**" : lines).Append("\n\n");
                    break;
                case BulletList l:
                    foreach (var item in l.Items)
                    {
                        text.Append("- ").Append(Escape(item)).Append('\n');
                    }

                    text.Append('\n');
                    break;
                case Figure f:
                    // Markdown carries a chart's figures; the picture is in the DOCX and HTML.
                    text.Append("*Figure: ").Append(Escape(f.Caption)).Append("*\n\n");
                    WriteTable(text, f.Header, f.Data);
                    break;
                case Table t:
                    WriteTable(text, t.Header, t.Rows);
                    break;
                default:
                    throw new InvalidOperationException($"no Markdown for {block.GetType().Name}");
            }
        }

        text.Append("**").Append(Escape(document.Marking)).Append("**\n");
        return text.ToString();
    }

    /// <summary>A piece of a paragraph: escaped, and a link where it has one (a piece after the first starts no line, so it is escaped as inside one).</summary>
    private static string Piece((string Text, Uri? Url) piece, int index)
    {
        var text = index == 0 ? Escape(piece.Text) : Escape("x" + piece.Text)[1..];
        return piece.Url is null ? text : $"[{text}]({piece.Url.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)})";
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

    private static string Cell(string text) => Escape(text, MarkdownPlace.Cell).Replace("\n", "<br>", StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="text"/> as Markdown shows it literally, in <paramref name="place"/>: the
    /// characters that would otherwise make emphasis, code, links, raw HTML, an entity or a table
    /// are escaped with a backslash, and so is whatever would make a line start a heading, a list
    /// or a quotation; a line's leading spaces, which would make it code, are left out (Markdown
    /// shows up to three of them as nothing anyway). An underscore inside a word
    /// (<c>SECP_58_1307_20</c>) makes no emphasis and is left as it is, for readability. Records
    /// carry people's text, which must reach the reader as written.
    /// </summary>
    internal static string Escape(string text, MarkdownPlace place = MarkdownPlace.Block)
    {
        text = Typography.WithoutBidiControls(text);
        if (place == MarkdownPlace.Heading)
        {
            // A heading is one line: a line break in it would start a paragraph, or a list.
            text = text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
        }

        var block = place == MarkdownPlace.Block;
        var escaped = new StringBuilder(text.Length + 8);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (block && lineStart && c is ' ' or '\t')
            {
                continue;
            }

            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            var special = c switch
            {
                '\\' or '`' or '*' or '[' or ']' or '<' or '>' or '~' or '|' => true,
                '_' => i == 0 || !char.IsLetterOrDigit(text[i - 1]) || !char.IsLetterOrDigit(next),
                '&' => StartsEntity(text, i),
                // In a heading a '#' anywhere might close it ("item #"); it costs nothing to escape them all.
                '#' => place == MarkdownPlace.Heading || (block && lineStart && OpensBlock(text, i)),
                '+' or '-' or '=' => block && lineStart && OpensBlock(text, i),
                '.' or ')' => block && !lineStart && StartsNumberedItem(text, i),
                _ => false,
            };
            if (special)
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
            lineStart = c == '\n';
        }

        return escaped.ToString();
    }

    /// <summary>True when the '&amp;' at <paramref name="at"/> starts what Markdown reads as an entity: <c>&amp;amp;</c>, <c>&amp;#35;</c> (but not the one of <c>R&amp;D</c>).</summary>
    private static bool StartsEntity(string text, int at)
    {
        var end = at + 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || (end == at + 1 && text[end] == '#')))
        {
            end++;
        }

        return end > at + 1 && end < text.Length && text[end] == ';';
    }

    /// <summary>True when the '#', '+', '-' or '=' at <paramref name="at"/>, first on its line, would open a heading, a list item or an underline: followed by a space, the end, or more of itself.</summary>
    private static bool OpensBlock(string text, int at)
    {
        var end = at;
        while (end < text.Length && text[end] == text[at] && text[at] is '#' or '=' or '-')
        {
            end++;
        }

        end = Math.Max(end, at + 1);
        return end >= text.Length || text[end] is ' ' or '\t' or '\n';
    }

    /// <summary>True when the '.' or ')' at <paramref name="at"/> follows a line's leading digits and is followed by a space or the end, as in <c>1. item</c>.</summary>
    private static bool StartsNumberedItem(string text, int at)
    {
        if (at + 1 < text.Length && text[at + 1] is not (' ' or '\t' or '\n'))
        {
            return false;
        }

        var start = at;
        while (start > 0 && char.IsAsciiDigit(text[start - 1]))
        {
            start--;
        }

        if (start == at)
        {
            return false;
        }

        var before = start - 1;
        while (before >= 0 && text[before] == ' ')
        {
            before--;
        }

        return before < 0 || text[before] == '\n';
    }
}

/// <summary>Where text goes in a Markdown document, which decides what must be escaped in it.</summary>
internal enum MarkdownPlace
{
    /// <summary>A paragraph or a list item: its lines could start blocks.</summary>
    Block,

    /// <summary>A heading: one line, closed by a '#'.</summary>
    Heading,

    /// <summary>A table cell: inline, its line breaks written as <c>&lt;br&gt;</c>.</summary>
    Cell,
}
