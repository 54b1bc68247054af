using SecPanel.Testing;
using Xunit;

namespace SecPanel.Cli.Tests.Docs;

/// <summary>Runs alone: the examples run with the scratch folder as the process's current directory.</summary>
[CollectionDefinition(nameof(DocsExamples), DisableParallelization = true)]
public sealed class DocsExamples;

/// <summary>
/// Every example of the README and of <c>docs/</c> is run, so that the docs and the program cannot
/// drift apart. A fenced block is an example unless marked otherwise, and every fenced block needs
/// a marker, an HTML comment just before it that readers do not see:
/// <list type="bullet">
/// <item><c>&lt;!-- doc-test: file PATH --&gt;</c>: the block is the file PATH of the example;</item>
/// <item><c>run</c> (optionally <c>with --option value</c>, <c>except "prefix"</c>, <c>needs VARIABLE</c>):
/// each line is a command, run in process; with <c>$ </c> prompts, the lines after a prompt are its
/// output; with <c>needs</c>, the block runs only where the environment variable is set (.ci/run sets
/// it), and the test is skipped elsewhere once everything else has passed (SECPANEL_TEST_CLICKHOUSE:
/// the test ClickHouse servers, SecPanel's tables in their default database dropped first);</item>
/// <item><c>stdout</c>, <c>stdout-contains</c>, <c>stdout-json</c> (the documented JSON as a subset),
/// <c>stderr</c>, <c>stderr-contains</c> (each line): the last command's output; the stderr markers
/// expect a refusal (exit code 2), any other command must exit 0;</item>
/// <item><c>same-as PATH</c>: the block is a copy of a file of the repository;</item>
/// <item><c>not-run REASON</c>: a sketch of a format, or a command that cannot run here.</item>
/// </list>
/// Steps the reader need not see are comments without a block: <c>file PATH</c> with the file's
/// lines before <c>--&gt;</c>, <c>run secpanel ...</c>, <c>copy REPO-PATH SCRATCH-PATH</c>,
/// <c>replace PATH "old" "new"</c> (the first occurrence, in a file of the scratch folder),
/// <c>reset</c> (start again in an empty scratch folder), <c>clock 2026-11-28T09:00:00Z</c> (the
/// audit trail's time for the commands after it; 12:00 that day until then). A
/// sentence <c>`secpanel ARGS` prints `OUTPUT`</c> is run too. Each file runs in a scratch folder of
/// its own holding <c>samples/</c>, blocks in file order.
/// </summary>
[Collection(nameof(DocsExamples))]
public class DocsExamplesTests
{
    /// <summary>Docs whose examples are not marked yet; remove a name here once its blocks are marked.</summary>
    private static readonly string[] NotYet = ["docs/performance.md"];

    public static TheoryData<string> Docs =>
        [.. Directory.GetFiles(Repo.Root, "README.md")
            .Select(Path.GetFileName).OfType<string>()
            .Concat(Directory.GetFiles(Repo.Path("docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)))
            .Where(d => !NotYet.Contains(d))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Docs))]
    public void EveryExample_RunsAsDocumented(string doc)
    {
        var (failures, skipped) = RunAll(doc, File.ReadAllText(Repo.Path(doc)));
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.SkipWhen(skipped.Count > 0, $"examples not run: {string.Join("; ", skipped)}");
    }

    [Fact]
    public void AnUnmarkedBlock_IsAFailure()
    {
        var failures = Run("new.md", "An example someone added:\n\n```\nsecpanel due pmr 2018-04\n```\n");
        Assert.StartsWith("new.md:3: a fenced block that no doc-test marker names", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongOutput_IsAFailure_NamingTheLine()
    {
        var failures = Run("new.md", "<!-- doc-test: run -->\n```\n$ secpanel due pmr 2018-04\n2018-06-07\n```\n\nAnd `secpanel due sr-variance 2018-04` prints `2018-05-15`.\n");
        Assert.StartsWith("new.md:3: 'secpanel due pmr 2018-04' (line 3): standard output differs at its line 1:\n  documented: 2018-06-07\n  actual:     2018-06-06", Assert.Single(failures), StringComparison.Ordinal);
    }

    [Fact]
    public void AJsonExample_MustMatchNumbersAsWritten()
    {
        var markdown = "<!-- doc-test: run secpanel assess samples/opsg-2018-06 --committee OPSG --format json -->\n<!-- doc-test: stdout-json -->\n```json\n{ \"reports\": [ { \"obligation\": \"sr-variance\", \"workingDaysLate\": 7.0 } ] }\n```\n";
        var failure = Assert.Single(Run("new.md", markdown));
        Assert.Contains("documented 7.0, actual 7", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ACommandThatFails_WithoutADocumentedRefusal_IsAFailure()
    {
        var failures = Run("new.md", "<!-- doc-test: run -->\n```\nsecpanel due pmr 2018-4\n```\n");
        Assert.StartsWith("new.md:3: 'secpanel due pmr 2018-4' exited 2", Assert.Single(failures), StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> Run(string doc, string markdown) => RunAll(doc, markdown).Failures;

    private static (IReadOnlyList<string> Failures, IReadOnlyList<string> Skipped) RunAll(string doc, string markdown)
    {
        using var scratch = new TempFolder();
        var directory = Environment.CurrentDirectory;
        string[] variables = [Storage.StoreLocation.Variable, SecPanelCommand.DataVariable];
        var saved = variables.Select(Environment.GetEnvironmentVariable).ToArray();
        try
        {
            Environment.CurrentDirectory = scratch.Path;
            foreach (var variable in variables)
            {
                Environment.SetEnvironmentVariable(variable, null);
            }

            var runner = new DocRunner(doc, scratch.Path);
            runner.Reset();
            runner.Run(markdown);
            return (runner.Failures, runner.Skipped);
        }
        finally
        {
            Environment.CurrentDirectory = directory;
            for (var i = 0; i < variables.Length; i++)
            {
                Environment.SetEnvironmentVariable(variables[i], saved[i]);
            }
        }
    }
}
