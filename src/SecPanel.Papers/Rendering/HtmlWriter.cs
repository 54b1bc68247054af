using System.Net;
using System.Text;
using SecPanel.Papers.Composing;
using SecPanel.Records;

namespace SecPanel.Papers.Rendering;

/// <summary>
/// Writes a <see cref="PaperDocument"/> as one self-contained HTML page (no external resources)
/// that prints well: A4, the marking repeated at the top and bottom of every printed page.
/// </summary>
public static class HtmlWriter
{
    /// <summary>The HTML text.</summary>
    public static string Write(PaperDocument document)
    {
        var colour = document.Level switch
        {
            Tlp.Red => "#c00000",
            Tlp.Amber => "#b36b00",
            Tlp.Green => "#2e7d32",
            _ => "#404040",
        };
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<title>").Append(E(document.FileStem)).Append(" – ").Append(E(document.Title)).Append("</title>\n");
        html.Append("<style>\n");
        // Printed, the marking goes in the page's own margin boxes, on every page, clear of the content.
        var marking = E(document.Marking).Replace("\"", "\\\"", StringComparison.Ordinal);
        html.Append("@page { size: A4; margin: 22mm 18mm; ")
            .Append("@top-center { content: \"").Append(marking).Append("\"; font: bold 9pt Arial, Helvetica, sans-serif; color: ").Append(colour).Append("; } ")
            .Append("@bottom-center { content: \"").Append(marking).Append("\"; font: bold 9pt Arial, Helvetica, sans-serif; color: ").Append(colour).Append("; } }\n");
        html.Append("body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4; color: #111; max-width: 180mm; margin: 0 auto; padding: 14mm 0; }\n");
        html.Append(".marking { position: fixed; left: 0; right: 0; text-align: center; font-weight: bold; font-size: 9pt; color: ").Append(colour).Append("; background: #fff; }\n");
        html.Append(".marking.top { top: 0; } .marking.bottom { bottom: 0; }\n");
        html.Append(".reference { font-size: 10pt; } h1 { font-size: 18pt; margin: 12pt 0; } h2 { font-size: 14pt; margin-top: 16pt; } h3 { font-size: 12pt; margin-top: 12pt; } h4 { font-size: 11pt; margin: 10pt 0 4pt; }\n");
        html.Append("table { border-collapse: collapse; width: 100%; margin: 8pt 0; font-size: 9.5pt; page-break-inside: auto; } tr { page-break-inside: avoid; }\n");
        // A long unbroken token (a URL, an id) wraps inside its cell instead of pushing the table off the page.
        html.Append("th, td { border: 1px solid #777; padding: 4pt; vertical-align: top; text-align: left; overflow-wrap: anywhere; } th { background: #e7eef6; overflow-wrap: normal; }\n");
        html.Append("p, li { overflow-wrap: break-word; }\n");
        html.Append("figure { margin: 8pt 0; page-break-inside: avoid; } figure img { max-width: 100%; height: auto; } figcaption { font-size: 9pt; color: #333; }\n");
        html.Append(".statement { font-size: 9pt; border-top: 1px solid #999; padding-top: 6pt; margin-top: 18pt; }\n");
        // On screen the top marking stays in view; the bottom one closes the page, after the content, never over it.
        html.Append("@media screen { .marking.top { position: sticky; } .marking.bottom { position: static; margin-top: 12pt; } }\n");
        html.Append("@media print { body { padding: 0; } .marking { display: none; } }\n");
        html.Append("</style>\n</head>\n<body>\n");
        html.Append("<div class=\"marking top\">").Append(E(document.Marking)).Append("</div>\n");
        html.Append("<p class=\"reference\">Paper Reference: ").Append(E(document.Reference)).Append("<br>Action: For Information</p>\n");
        html.Append("<h1>").Append(E(document.Title)).Append("</h1>\n");
        var last = document.Blocks.Count - 1;
        for (var i = 0; i <= last; i++)
        {
            switch (document.Blocks[i])
            {
                case Heading h:
                    // The document's title is its h1; a section is h2, a sub-section h3, a highlight h4.
                    var tag = $"h{Math.Clamp(h.Level + 1, 2, 4)}";
                    html.Append('<').Append(tag).Append('>').Append(E(h.Text)).Append("</").Append(tag).Append(">\n");
                    break;
                case Paragraph p:
                    var text = string.Concat(p.Pieces().Select(piece => piece.Url is null ? Text(piece.Text) : $"<a href=\"{E(piece.Url.AbsoluteUri)}\">{Text(piece.Text)}</a>")).Replace("\n", "<br>", StringComparison.Ordinal);
                    html.Append(i == last ? "<p class=\"statement\">" : "<p>").Append(p.Strong ? $"<strong>{text}</strong>" : text).Append("</p>\n");
                    break;
                case BulletList l:
                    html.Append("<ul>\n");
                    foreach (var item in l.Items)
                    {
                        html.Append("<li>").Append(E(item)).Append("</li>\n");
                    }

                    html.Append("</ul>\n");
                    break;
                case Figure f:
                    html.Append("<figure><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(f.Png))
                        .Append("\" width=\"").Append(f.Width).Append("\" height=\"").Append(f.Height).Append("\" alt=\"").Append(E(f.Caption)).Append("\">")
                        .Append("<figcaption>").Append(E(f.Caption)).Append("</figcaption></figure>\n");
                    break;
                case Table t:
                    html.Append("<table>\n<thead><tr>");
                    foreach (var cell in t.Header)
                    {
                        html.Append("<th>").Append(E(cell)).Append("</th>");
                    }

                    html.Append("</tr></thead>\n<tbody>\n");
                    foreach (var row in t.Rows)
                    {
                        html.Append("<tr>");
                        foreach (var cell in row)
                        {
                            html.Append("<td>").Append(Text(cell).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</td>");
                        }

                        html.Append("</tr>\n");
                    }

                    html.Append("</tbody>\n</table>\n");
                    break;
                default:
                    throw new InvalidOperationException($"no HTML for {document.Blocks[i].GetType().Name}");
            }
        }

        html.Append("<div class=\"marking bottom\">").Append(E(document.Marking)).Append("</div>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(Typography.WithoutBidiControls(text));

    /// <summary>People's text, escaped, with a negative number's minus sign kept to its number.</summary>
    private static string Text(string text) => E(Typography.KeepMinusWithNumber(text));
}
