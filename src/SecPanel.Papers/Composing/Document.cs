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
