using SecPanel.Records;

namespace SecPanel.Papers.Composing;

/// <summary>
/// A document of a Panel paper, ready to render: the body or one appendix. Every document has one
/// classification, marked on every page; its blocks hold only what is at that level or below
/// (the composer sees to it: <see cref="PaperComposer"/>).
/// </summary>
/// <param name="FileStem">The file name without extension, such as <c>SECP_58_1307_20</c>.</param>
/// <param name="Reference">The paper reference printed at the top.</param>
/// <param name="Title">The document's title.</param>
/// <param name="Level">Its classification.</param>
/// <param name="Blocks">Its content, in order.</param>
public sealed record PaperDocument(string FileStem, string Reference, string Title, Tlp Level, IReadOnlyList<Block> Blocks)
{
    /// <summary>The marking printed on every page: "TLP:WHITE", "TLP:RED – Confidential".</summary>
    public string Marking => Level == Tlp.White ? "TLP:WHITE" : $"TLP:{Level.Key()} – {Level.Title().Split(" – ").Last()}";
}

/// <summary>A part of a document.</summary>
public abstract record Block;

/// <summary>A numbered or plain heading; level 1 is a section ("2. Operations Group"), level 2 a subsection.</summary>
public sealed record Heading(int Level, string Text) : Block;

/// <summary>A paragraph of plain text.</summary>
public sealed record Paragraph(string Text) : Block
{
    /// <summary>True for a short bold line, such as a highlight's title.</summary>
    public bool Strong { get; init; }

    /// <summary>Hyperlinks on words of the text, each on the first place its label occurs; none by default.</summary>
    public IReadOnlyList<Link> Links { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(Paragraph? other) =>
        other is not null && EqualityContract == other.EqualityContract && Text == other.Text && Strong == other.Strong && Links.SequenceEqual(other.Links);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Text, Strong, Links.Count);

    /// <summary>The text cut where links start and end: each piece with the address it links to, or none.</summary>
    public IReadOnlyList<(string Text, Uri? Url)> Pieces()
    {
        var spans = Links
            .Select(l => (Start: Text.IndexOf(l.Label, StringComparison.Ordinal), l.Label.Length, l.Url))
            .Where(x => x.Start >= 0)
            .OrderBy(x => x.Start)
            .ToList();
        var pieces = new List<(string, Uri?)>();
        var at = 0;
        foreach (var (start, length, url) in spans)
        {
            if (start < at)
            {
                continue; // overlapping labels: the earlier one wins
            }

            if (start > at)
            {
                pieces.Add((Text[at..start], null));
            }

            pieces.Add((Text.Substring(start, length), url));
            at = start + length;
        }

        if (at < Text.Length || pieces.Count == 0)
        {
            pieces.Add((Text[at..], null));
        }

        return pieces;
    }
}

/// <summary>A table with a header row; a cell's lines are separated by '\n'.</summary>
public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : Block;

/// <summary>A bulleted list.</summary>
public sealed record BulletList(IReadOnlyList<string> Items) : Block;

/// <summary>
/// A chart, drawn as a PNG, with the figures it is drawn from (for text formats and for readers who
/// cannot see it). <see cref="Width"/> and <see cref="Height"/> are in pixels at 96 dpi.
/// </summary>
public sealed record Figure(string Caption, byte[] Png, int Width, int Height, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Data) : Block;
