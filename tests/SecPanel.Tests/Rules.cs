using SecPanel.Testing;

namespace SecPanel.Tests;

/// <summary>The shipped rule data, loaded once for all tests.</summary>
internal static class Rules
{
    private static readonly Lazy<RuleBook> Book = new(() =>
    {
        var result = RuleBook.Load(Repo.Data, "data");
        return result.Succeeded ? result.Value : throw new InvalidOperationException(string.Join("\n", result.Problems));
    });

    public static RuleBook Shipped => Book.Value;
}
