using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SecPanel.Papers.Composing;
using SecPanel.Records;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace SecPanel.Papers.Rendering;

/// <summary>
/// Writes a <see cref="PaperDocument"/> as a Word document (DOCX, the format the Panel
/// circulates): real styles (Title, Heading 1, Heading 2, List Bullet, a table style), A4 pages,
/// the marking in the header and footer of every page. The bytes depend only on the document: the
/// package is rewritten with fixed entry times and carries no creation dates.
/// </summary>
public static class DocxWriter
{
    private static readonly DateTimeOffset FixedTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The DOCX bytes.</summary>
    public static byte[] Write(PaperDocument document)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            // Every relationship gets a fixed id: the SDK's default ids are random.
            var main = word.AddMainDocumentPart();
            word.ChangeIdOfPart(main, "rIdDocument");
            AddStyles(main);
            AddNumbering(main);
            var colour = document.Level switch
            {
                Tlp.Red => "C00000",
                Tlp.Amber => "B36B00",
                Tlp.Green => "2E7D32",
                _ => "404040",
            };
            var header = main.AddNewPart<HeaderPart>("rIdHeader");
            header.Header = new W.Header(Marking(document.Marking, colour));
            var footer = main.AddNewPart<FooterPart>("rIdFooter");
            footer.Footer = new W.Footer(Marking(document.Marking, colour));

            var body = new Body();
            var figures = 0U;
            var links = 0;
            body.Append(Para($"Paper Reference: {document.Reference}", null));
            body.Append(Para("Action: For Information", null));
            body.Append(Para(document.Title, "Title"));
            foreach (var block in document.Blocks)
            {
                switch (block)
                {
                    case Composing.Heading h:
                        body.Append(Para(h.Text, $"Heading{Math.Clamp(h.Level, 1, 3)}"));
                        break;
                    case Composing.Paragraph p when p.Links.Count > 0:
                        body.Append(LinkedPara(main, p, ref links));
                        break;
                    case Composing.Paragraph p:
                        body.Append(Para(p.Text, null, p.Strong));
                        break;
                    case BulletList l:
                        foreach (var item in l.Items)
                        {
                            body.Append(Para(item, "ListBullet"));
                        }

                        break;
                    case Composing.Table t:
                        body.Append(Table(t));
                        body.Append(Para(string.Empty, null));
                        break;
                    case Figure f:
                        body.Append(Picture(main, f, ++figures));
                        body.Append(Para(f.Caption, "Caption"));
                        break;
                    default:
                        throw new InvalidOperationException($"no DOCX for {block.GetType().Name}");
                }
            }

            body.Append(new SectionProperties(
                new HeaderReference { Type = HeaderFooterValues.Default, Id = "rIdHeader" },
                new FooterReference { Type = HeaderFooterValues.Default, Id = "rIdFooter" },
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1247, Bottom = 1247, Left = 1134U, Right = 1134U, Header = 567U, Footer = 567U, Gutter = 0U }));
            main.Document = new Document(body);
        }

        return Repack(stream.ToArray());
    }

    /// <summary>A chart as an inline picture, at most the text width (17 cm) wide.</summary>
    private static W.Paragraph Picture(MainDocumentPart main, Figure figure, uint number)
    {
        var id = $"rIdFigure{number}";
        var image = main.AddImagePart(ImagePartType.Png, id);
        using (var png = new MemoryStream(figure.Png))
        {
            image.FeedData(png);
        }

        const long EmuPerPixel = 9525;
        const long MaxWidth = 6_120_000;
        var cx = Math.Min(figure.Width * EmuPerPixel, MaxWidth);
        var cy = figure.Height * EmuPerPixel * cx / (figure.Width * EmuPerPixel);
        var picture = new PIC.Picture(
            new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = 0U, Name = $"figure{number}.png" }, new PIC.NonVisualPictureDrawingProperties()),
            new PIC.BlipFill(new A.Blip { Embed = id }, new A.Stretch(new A.FillRectangle())),
            new PIC.ShapeProperties(
                new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle }));
        var inline = new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = number, Name = $"Figure {number}", Description = figure.Caption },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(picture) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        {
            DistanceFromTop = 0U,
            DistanceFromBottom = 0U,
            DistanceFromLeft = 0U,
            DistanceFromRight = 0U,
        };
        return new W.Paragraph(
            new ParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "120", After = "0" }),
            new Run(new Drawing(inline)));
    }

    private static W.Paragraph Marking(string text, string colour) => new(
        new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
        new Run(new RunProperties(new Bold(), new Color { Val = colour }, new FontSize { Val = "18" }), new Text(text)));

    /// <summary>A paragraph with hyperlinks; each address is an external relationship with a fixed id.</summary>
    private static W.Paragraph LinkedPara(MainDocumentPart main, Composing.Paragraph paragraph, ref int count)
    {
        var result = new W.Paragraph();
        foreach (var (text, url) in paragraph.Pieces())
        {
            var run = Para(text, null, paragraph.Strong).GetFirstChild<Run>()!;
            run.Remove();
            if (url is null)
            {
                result.Append(run);
                continue;
            }

            var id = $"rIdLink{++count}";
            main.AddHyperlinkRelationship(url, true, id);
            run.RunProperties ??= new RunProperties();
            run.RunProperties.Append(new Color { Val = "0563C1" }, new Underline { Val = UnderlineValues.Single });
            result.Append(new Hyperlink(run) { Id = id, History = true });
        }

        return result;
    }

    private static W.Paragraph Para(string text, string? style, bool strong = false)
    {
        var paragraph = new W.Paragraph();
        if (style is not null)
        {
            paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        }

        var run = new Run();
        if (strong)
        {
            run.Append(new RunProperties(new Bold()));
        }

        var lines = Typography.KeepMinusWithNumber(Typography.WithoutBidiControls(text)).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                run.Append(new Break());
            }

            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }

        paragraph.Append(run);
        return paragraph;
    }

    private static W.Table Table(Composing.Table table)
    {
        var widths = ColumnWidths(table);
        var result = new W.Table(new TableProperties(
            new TableStyle { Val = "PaperTable" },
            new TableWidth { Type = TableWidthUnitValues.Dxa, Width = TextWidth.ToString(CultureInfo.InvariantCulture) },
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableLook { Val = "04A0", FirstRow = true }));
        var grid = new TableGrid();
        foreach (var width in widths)
        {
            grid.Append(new GridColumn { Width = width.ToString(CultureInfo.InvariantCulture) });
        }

        result.Append(grid);
        result.Append(Row(table.Header, widths, header: true));
        foreach (var row in table.Rows)
        {
            result.Append(Row(row, widths, header: false));
        }

        return result;
    }

    /// <summary>The text width of an A4 page with the paper's margins, in twentieths of a point.</summary>
    private const int TextWidth = 9638;

    /// <summary>
    /// Column widths sized to the content, as a browser lays out a table: each column gets at least
    /// its longest word, and the rest of the page's width is shared in proportion to how much more
    /// each column's longest line wants; a table that fits whole gets just what it needs, stretched.
    /// Widths are estimated from character counts (table text is 9 pt Arial: about 110 twips a
    /// character, bold in the header), which is close enough to keep "Likelihood × Impact" from being squeezed to a
    /// letter a line while "Treatment" gets a third of the page.
    /// </summary>
    private static int[] ColumnWidths(Composing.Table table)
    {
        const int PerCharacter = 110;
        const int Padding = 320;
        var rows = table.Rows.Prepend(table.Header).ToList();
        var columns = table.Header.Count;
        var least = new double[columns];
        var most = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            var cells = rows.Select(r => c < r.Count ? r[c] : string.Empty).ToList();
            least[c] = Padding + (PerCharacter * cells.SelectMany(t => t.Split([' ', '\n'])).Select(w => Math.Min(w.Length, 24)).DefaultIfEmpty(1).Max());
            most[c] = Math.Max(least[c], Padding + (PerCharacter * cells.SelectMany(t => t.Split('\n')).Select(l => l.Length).DefaultIfEmpty(1).Max()));
        }

        double[] widths;
        if (least.Sum() >= TextWidth)
        {
            widths = [.. least.Select(l => l * TextWidth / least.Sum())];
        }
        else
        {
            var spare = TextWidth - least.Sum();
            var wanted = most.Zip(least, (m, l) => m - l).ToArray();
            var total = wanted.Sum();
            widths = total <= 0
                ? [.. least.Select(l => l * TextWidth / least.Sum())]
                : [.. least.Select((l, c) => l + (spare * wanted[c] / total))];
        }

        var result = widths.Select(w => (int)Math.Floor(w)).ToArray();
        result[^1] += TextWidth - result.Sum();
        return result;
    }

    private static TableRow Row(IReadOnlyList<string> cells, int[] widths, bool header)
    {
        // A row is never split across pages: a report's row reads whole, or moves to the next page.
        var row = new TableRow(header ? new TableRowProperties(new CantSplit(), new TableHeader()) : new TableRowProperties(new CantSplit()));
        for (var c = 0; c < cells.Count; c++)
        {
            var properties = new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = widths[Math.Min(c, widths.Length - 1)].ToString(CultureInfo.InvariantCulture) });
            if (header)
            {
                properties.Append(new Shading { Val = ShadingPatternValues.Clear, Fill = "E7EEF6", Color = "auto" });
            }

            row.Append(new TableCell(properties, Para(cells[c], "TableText", header)));
        }

        return row;
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>("rIdStyles");
        static Style ParagraphStyle(string id, string name, int size, bool bold, int before, int after, string? basedOn = "Normal") => new(
            new StyleName { Val = name },
            basedOn is null ? new BasedOn { Val = "Normal" } : new BasedOn { Val = basedOn },
            new PrimaryStyle(),
            new StyleParagraphProperties(new SpacingBetweenLines { Before = before.ToString(CultureInfo.InvariantCulture), After = after.ToString(CultureInfo.InvariantCulture) }, new KeepNext()),
            new StyleRunProperties(bold ? new Bold() : new Bold { Val = false }, new FontSize { Val = (size * 2).ToString(CultureInfo.InvariantCulture) }))
        {
            Type = StyleValues.Paragraph,
            StyleId = id,
        };

        var normal = new Style(
            new StyleName { Val = "Normal" },
            new PrimaryStyle(),
            new StyleParagraphProperties(new SpacingBetweenLines { After = "120", Line = "264", LineRule = LineSpacingRuleValues.Auto }),
            new StyleRunProperties(new RunFonts { Ascii = "Arial", HighAnsi = "Arial", ComplexScript = "Arial" }, new FontSize { Val = "22" }))
        {
            Type = StyleValues.Paragraph,
            StyleId = "Normal",
            Default = true,
        };
        var heading1 = ParagraphStyle("Heading1", "heading 1", 14, true, 240, 120);
        heading1.StyleParagraphProperties!.Append(new OutlineLevel { Val = 0 });
        var heading2 = ParagraphStyle("Heading2", "heading 2", 12, true, 200, 80);
        heading2.StyleParagraphProperties!.Append(new OutlineLevel { Val = 1 });
        var heading3 = ParagraphStyle("Heading3", "heading 3", 11, true, 160, 60);
        heading3.StyleParagraphProperties!.Append(new OutlineLevel { Val = 2 });
        var title = ParagraphStyle("Title", "Title", 18, true, 120, 240);
        var tableText = new Style(
            new StyleName { Val = "Table Text" },
            new BasedOn { Val = "Normal" },
            new StyleParagraphProperties(new SpacingBetweenLines { After = "0" }),
            new StyleRunProperties(new FontSize { Val = "18" }))
        {
            Type = StyleValues.Paragraph,
            StyleId = "TableText",
        };
        var listBullet = new Style(
            new StyleName { Val = "List Bullet" },
            new BasedOn { Val = "Normal" },
            new StyleParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 }), new Indentation { Left = "360", Hanging = "360" }))
        {
            Type = StyleValues.Paragraph,
            StyleId = "ListBullet",
        };
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4U, Color = "777777" },
            new LeftBorder { Val = BorderValues.Single, Size = 4U, Color = "777777" },
            new BottomBorder { Val = BorderValues.Single, Size = 4U, Color = "777777" },
            new RightBorder { Val = BorderValues.Single, Size = 4U, Color = "777777" },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4U, Color = "777777" },
            new InsideVerticalBorder { Val = BorderValues.Single, Size = 4U, Color = "777777" });
        var tableStyle = new Style(
            new StyleName { Val = "Paper Table" },
            new StyleTableProperties(border, new TableCellMarginDefault(
                new TopMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                new TableCellLeftMargin { Width = 80, Type = TableWidthValues.Dxa },
                new BottomMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                new TableCellRightMargin { Width = 80, Type = TableWidthValues.Dxa })))
        {
            Type = StyleValues.Table,
            StyleId = "PaperTable",
        };
        var caption = new Style(
            new StyleName { Val = "caption" },
            new BasedOn { Val = "Normal" },
            new StyleParagraphProperties(new SpacingBetweenLines { After = "200" }),
            new StyleRunProperties(new Italic(), new FontSize { Val = "18" }))
        {
            Type = StyleValues.Paragraph,
            StyleId = "Caption",
        };
        styles.Styles = new Styles(normal, heading1, heading2, heading3, title, tableText, listBullet, tableStyle, caption);
    }

    private static void AddNumbering(MainDocumentPart main)
    {
        var numbering = main.AddNewPart<NumberingDefinitionsPart>("rIdNumbering");
        numbering.Numbering = new Numbering(
            new AbstractNum(
                new Level(
                    new NumberingFormat { Val = NumberFormatValues.Bullet },
                    new LevelText { Val = "•" },
                    new LevelJustification { Val = LevelJustificationValues.Left },
                    new PreviousParagraphProperties(new Indentation { Left = "360", Hanging = "360" }))
                { LevelIndex = 0 })
            { AbstractNumberId = 1 },
            new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 1 });
    }

    /// <summary>Rewrites the package with every entry dated 1980-01-01, in the same order, so that the same document gives the same bytes.</summary>
    private static byte[] Repack(byte[] package)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = FixedTime;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return output.ToArray();
    }
}
