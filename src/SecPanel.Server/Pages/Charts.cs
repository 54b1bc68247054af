using System.Globalization;
using System.Net;
using System.Text;

namespace SecPanel.Server.Pages;

/// <summary>
/// Bar charts drawn on the server as inline SVG: no script, nothing fetched, and colours set by
/// attributes (the pages' content security policy allows no inline styles). Each chart has a
/// title for screen readers, and the page shows its figures in a table beside it.
/// </summary>
public static class Charts
{
    private const int LabelWidth = 190;
    private const int BarArea = 420;
    private const int RowHeight = 22;

    /// <summary>One bar: its label, its value, and whether it is an exception (drawn darker, and said).</summary>
    public readonly record struct Bar(string Label, decimal Value, bool Exception);

    /// <summary>
    /// Horizontal bars from zero, with vertical reference lines (such as 100% of forecast, or a
    /// Target and a Minimum); the scale runs to the largest of the values and the lines.
    /// </summary>
    public static string Bars(string title, IReadOnlyList<Bar> bars, IReadOnlyList<(string Label, decimal Value)> lines, string unit)
    {
        var max = Math.Max(bars.Select(b => b.Value).DefaultIfEmpty(0).Max(), lines.Select(l => l.Value).DefaultIfEmpty(0).Max());
        max = max <= 0 ? 1 : max * 1.05m;
        var height = (bars.Count * RowHeight) + 40;
        var width = LabelWidth + BarArea + 130;
        var id = "chart-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(title)))[..10].ToLowerInvariant();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}\">{Encode(title)}</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = 8 + (i * RowHeight);
            var length = Math.Max(1, (int)(bar.Value / max * BarArea));
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 6}\" y=\"{y + 14}\" text-anchor=\"end\" font-size=\"12\" fill=\"#1b1b1b\">{Encode(Cut(bar.Label))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{length}\" height=\"{RowHeight - 8}\" fill=\"{(bar.Exception ? "#a4141b" : "#1d4f91")}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + length + 4}\" y=\"{y + 14}\" font-size=\"12\" fill=\"#1b1b1b\">{Encode(Number(bar.Value) + unit + (bar.Exception ? " (exception)" : string.Empty))}</text>");
        }

        var bottom = 8 + (bars.Count * RowHeight);
        foreach (var (label, value) in lines)
        {
            var x = LabelWidth + (int)(value / max * BarArea);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"4\" x2=\"{x}\" y2=\"{bottom}\" stroke=\"#1b1b1b\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{bottom + 16}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1b1b1b\">{Encode(label)}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Number(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero).ToString("#,0.#", CultureInfo.InvariantCulture);

    private static string Cut(string label) => label.Length > 28 ? label[..27] + "…" : label;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
