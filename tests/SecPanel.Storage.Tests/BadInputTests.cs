using SecPanel.Testing;
using Xunit;

namespace SecPanel.Storage.Tests;

/// <summary>
/// The corpus of broken files in <c>BadInput/</c>: each case is a folder holding one file, named as
/// the store imports it (<c>deliveries.csv</c>, <c>obligations.csv</c>, ...), and <c>expected.txt</c>,
/// the start of the message that refuses it, with <c>{file}</c> standing for the file's path. Each
/// is imported into a store holding the sample, on every provider: it must be refused with that
/// message, and the store must be exactly as before, audit trail included.
/// </summary>
public class BadInputTests
{
    private const string ExpectedFile = "expected.txt";

    private static readonly string Corpus = Repo.Path("tests", "SecPanel.Storage.Tests", "BadInput");

    private static string[] Cases =>
        [.. Directory.GetDirectories(Corpus).Select(d => System.IO.Path.GetFileName(d)).Order(StringComparer.Ordinal)];

    /// <summary>Every provider with every case of the corpus.</summary>
    public static TheoryData<StoreKind, string> All
    {
        get
        {
            var data = new TheoryData<StoreKind, string>();
            foreach (var provider in Providers.All)
            {
                foreach (var name in Cases)
                {
                    data.Add(provider.Data, name);
                }
            }

            return data;
        }
    }

    [Fact]
    public void Corpus_HasAtLeastFiftyCases_EachOneFileAndItsExpectedMessage()
    {
        Assert.True(Cases.Length >= 50, $"the corpus has {Cases.Length} cases; the issue asks for at least 50");
        Assert.All(Cases, name =>
        {
            var folder = System.IO.Path.Combine(Corpus, name);
            Assert.True(File.Exists(System.IO.Path.Combine(folder, ExpectedFile)), $"{name} has no {ExpectedFile}");
            Assert.Single(Directory.GetFiles(folder), f => System.IO.Path.GetFileName(f) != ExpectedFile);
        });
    }

    [Theory]
    [MemberData(nameof(All))]
    public void BrokenFile_IsRefusedWithALocatedMessage_AndTheStoreIsUnchanged(StoreKind kind, string name)
    {
        var folder = System.IO.Path.Combine(Corpus, name);
        var file = Assert.Single(Directory.GetFiles(folder), f => System.IO.Path.GetFileName(f) != ExpectedFile);
        var expected = File.ReadAllText(System.IO.Path.Combine(folder, ExpectedFile)).TrimEnd().Replace("{file}", file, StringComparison.Ordinal);
        using var fixture = new StoreFixture(kind);
        var store = fixture.Init();
        var sample = store.Import(Repo.Sample, new ImportOptions("analyst"));
        Assert.True(sample.Succeeded, string.Join("\n", sample.Problems));
        var before = Dump.Of(store);

        var outcome = store.Import(file, new ImportOptions("analyst"));

        Assert.False(outcome.Succeeded, $"{name} was imported: {string.Join(", ", outcome.Counts)}");
        Assert.True(
            outcome.Problems.Any(p => p.ToString().StartsWith(expected, StringComparison.Ordinal)),
            $"no problem starts with\n  {expected}\nThe problems:\n  {string.Join("\n  ", outcome.Problems)}");
        Assert.Equal(before, Dump.Of(store));
    }
}
