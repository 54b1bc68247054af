namespace SecPanel.Records;

/// <summary>
/// The Traffic Light Protocol level of an item or a document part (the Panel Information Policy).
/// Ordered from most open to most restricted: a part of a document at one level may hold only
/// what is at that level or below. WHITE is also written CLEAR.
/// </summary>
public enum Tlp
{
    /// <summary>Public: anyone may see and publish it.</summary>
    White = 0,

    /// <summary>The community, not public.</summary>
    Green = 1,

    /// <summary>The recipient's organisation, on a need-to-know basis.</summary>
    Amber = 2,

    /// <summary>Named recipients only.</summary>
    Red = 3,
}

/// <summary>Names of <see cref="Tlp"/> levels in files and in papers.</summary>
public static class Tlps
{
    /// <summary>Reads RED, AMBER, GREEN, WHITE or CLEAR, in any case.</summary>
    public static bool TryParse(string text, out Tlp level)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "RED":
                level = Tlp.Red;
                return true;
            case "AMBER":
                level = Tlp.Amber;
                return true;
            case "GREEN":
                level = Tlp.Green;
                return true;
            case "WHITE" or "CLEAR":
                level = Tlp.White;
                return true;
            default:
                level = Tlp.White;
                return false;
        }
    }

    /// <summary>The level as written in files: <c>RED</c>, <c>AMBER</c>, <c>GREEN</c>, <c>WHITE</c>.</summary>
    public static string Key(this Tlp level) => level.ToString().ToUpperInvariant();

    /// <summary>The level as a paper names it: "White", "Red – Confidential".</summary>
    public static string Title(this Tlp level) => level switch
    {
        Tlp.Red => "Red – Confidential",
        Tlp.Amber => "Amber – Restricted",
        Tlp.Green => "Green – Community",
        _ => "White",
    };

    /// <summary>The statement a document at this level carries on every page.</summary>
    public static string Statement(this Tlp level) => level switch
    {
        Tlp.Red => "This document is classified as Red in accordance with the Panel Information Policy. Information is for named recipients only and must not be shared further.",
        Tlp.Amber => "This document is classified as Amber in accordance with the Panel Information Policy. Information may be shared only within the recipient's organisation, on a need-to-know basis.",
        Tlp.Green => "This document is classified as Green in accordance with the Panel Information Policy. Information may be shared within the SEC community but not published.",
        _ => "This document is classified as White in accordance with the Panel Information Policy. Information can be shared with the public, and any members may publish the information, subject to copyright.",
    };
}
