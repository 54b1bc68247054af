using System.Text;
using System.Text.RegularExpressions;

namespace SecPanel.Cli.Tests.Docs;

/// <summary>A fenced code block of a Markdown file: the line of its opening fence, its info string, and its text, each line ending with a newline.</summary>
internal sealed record DocBlock(int Line, string Info, string Text);

/// <summary>
/// A <c>&lt;!-- doc-test: VERB REST --&gt;</c> comment: what the block after it is, or a step the
/// reader does not see. Lines after the first, up to <c>--&gt;</c>, are its body (a hidden file).
/// </summary>
internal sealed record DocDirective(int Line, string Verb, string Rest, string? Body);

/// <summary>A sentence of the prose: <c>`secpanel ARGS` prints `OUTPUT`</c>.</summary>
internal sealed record DocPrints(int Line, string Command, string Output);

/// <summary>Splits a Markdown file into its fenced blocks, doc-test directives and "prints" sentences, in file order.</summary>
internal static partial class DocExamples
{
    public const string Marker = "<!-- doc-test:";

    [GeneratedRegex(@"^(\s*)(`{3,}|~{3,})(.*)$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"`(?:\./)?(secpanel [^`]+)`\s+prints\s+`([^`]+)`")]
    private static partial Regex Prints();

    public static List<object> Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var items = new List<object>();
        var prose = new StringBuilder();
        var proseLine = 1;
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (open.Success)
            {
                ScanProse(prose, proseLine, items);
                var indent = open.Groups[1].Value.Length;
                var fence = open.Groups[2].Value;
                var body = new StringBuilder();
                var start = i + 1;
                for (i++; i < lines.Length && !IsClose(lines[i], fence); i++)
                {
                    var line = lines[i];
                    var strip = 0;
                    while (strip < indent && strip < line.Length && line[strip] == ' ')
                    {
                        strip++;
                    }

                    body.Append(line.AsSpan(strip)).Append('\n');
                }

                items.Add(new DocBlock(start, open.Groups[3].Value.Trim(), body.ToString()));
                proseLine = i + 2;
                continue;
            }

            // A marker starts its line, so that one quoted in the prose (in a code span) is text.
            var at = lines[i].IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0 && lines[i].AsSpan(0, at).IsWhiteSpace())
            {
                ScanProse(prose, proseLine, items);
                var start = i + 1;
                var first = lines[i][(at + Marker.Length)..];
                string? bodyText = null;
                if (first.Contains("-->", StringComparison.Ordinal))
                {
                    first = first[..first.IndexOf("-->", StringComparison.Ordinal)];
                }
                else
                {
                    var body = new StringBuilder();
                    for (i++; i < lines.Length && !lines[i].Contains("-->", StringComparison.Ordinal); i++)
                    {
                        body.Append(lines[i]).Append('\n');
                    }

                    bodyText = body.ToString();
                }

                first = first.Trim();
                var space = first.IndexOf(' ', StringComparison.Ordinal);
                items.Add(space < 0
                    ? new DocDirective(start, first, string.Empty, bodyText)
                    : new DocDirective(start, first[..space], first[(space + 1)..].Trim(), bodyText));
                proseLine = i + 2;
                continue;
            }

            prose.Append(lines[i]).Append('\n');
        }

        ScanProse(prose, proseLine, items);
        return items;
    }

    private static bool IsClose(string line, string fence)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= fence.Length && trimmed.All(c => c == fence[0]);
    }

    private static void ScanProse(StringBuilder prose, int firstLine, List<object> items)
    {
        var text = prose.ToString();
        foreach (Match m in Prints().Matches(text))
        {
            var line = firstLine + text.AsSpan(0, m.Index).Count('\n');
            items.Add(new DocPrints(line, m.Groups[1].Value, m.Groups[2].Value));
        }

        prose.Clear();
    }

    /// <summary>Splits a command line as a shell would: words, with "..." and '...' grouping, and a # comment dropped.</summary>
    public static List<string> Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c is '"' or '\'')
            {
                var end = line.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw new FormatException($"unclosed {c} in: {line}");
                }

                word.Append(line.AsSpan(i + 1, end - i - 1));
                inWord = true;
                i = end;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
