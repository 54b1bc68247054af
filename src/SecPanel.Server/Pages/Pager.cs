namespace SecPanel.Server.Pages;

/// <summary>Links to the page before and after one page of a list.</summary>
/// <param name="Offset">Where the page starts (from 0).</param>
/// <param name="Shown">How many it shows.</param>
/// <param name="Total">How many the list holds.</param>
/// <param name="Size">How many a page holds.</param>
/// <param name="Link">The address of the page starting at an offset.</param>
public sealed record Pager(int Offset, int Shown, long Total, int Size, Func<int, string> Link);
