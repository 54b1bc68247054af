using System.Text;
using SecPanel.Testing;

namespace SecPanel.Storage.Tests;

/// <summary>A full dump of a store: every exported file and every audit entry, as one string to compare.</summary>
internal static class Dump
{
    public static string Of(Store store)
    {
        using var temp = new TempFolder();
        var folder = System.IO.Path.Combine(temp.Path, "export");
        store.Export(folder);
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            text.Append("== ").Append(System.IO.Path.GetRelativePath(folder, file)).Append('\n').Append(File.ReadAllText(file));
        }

        foreach (var entry in store.AuditTrail())
        {
            text.Append(entry).Append('\n');
        }

        return text.ToString();
    }
}
