using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Testing;
using NodaTime.Text;
using SecPanel.Testing;

namespace SecPanel.Cli.Tests.Docs;

/// <summary>
/// Runs the examples of one Markdown file in a scratch folder, as docs/README.md... describes them
/// (see <see cref="DocsExamplesTests"/> for the markers): files are written, commands run in
/// process with the scratch folder as the current directory, and each documented output compared.
/// Every problem is collected as <c>file:line: what</c>.
/// </summary>
internal sealed class DocRunner(string doc, string folder)
{
    private const string Secpanel = "secpanel";

    private readonly List<string> failures = [];
    private Instant now = Instant.FromUtc(2026, 11, 28, 12, 0);
    private Last? last;

    private sealed class Last(int line, string command, int code, string stdout, string stderr)
    {
        public int Line { get; } = line;

        public string Command { get; } = command;

        public int Code { get; } = code;

        public string Out { get; } = stdout;

        public string Err { get; } = stderr;

        public bool FailureExpected { get; set; }
    }

    public IReadOnlyList<string> Failures => failures;

    /// <summary>The blocks not run because what they need is not here (<c>run needs VARIABLE</c>), as <c>file:line: why</c>.</summary>
    public IReadOnlyList<string> Skipped => skipped;

    private readonly List<string> skipped = [];

    /// <summary>Empties the scratch folder, then gives it a copy of the repository's <c>samples/</c>.</summary>
    public void Reset()
    {
        foreach (var dir in Directory.GetDirectories(folder))
        {
            Directory.Delete(dir, recursive: true);
        }

        foreach (var file in Directory.GetFiles(folder))
        {
            File.Delete(file);
        }

        Copy(Repo.Path("samples"), Path.Combine(folder, "samples"));
    }

    public void Run(string markdown)
    {
        var items = DocExamples.Parse(markdown);
        for (var i = 0; i < items.Count; i++)
        {
            switch (items[i])
            {
                case DocPrints prints:
                    Command(prints.Line, prints.Command, [], [], Expect(prints.Output + "\n"));
                    break;
                case DocBlock block:
                    Fail(block.Line, "a fenced block that no doc-test marker names: put <!-- doc-test: VERB --> just before it (file PATH, run, stdout, stdout-contains, stdout-json, stderr, stderr-contains, same-as PATH; or not-run REASON for a sketch)");
                    break;
                case DocDirective directive when directive.Body is not null || IsStandalone(directive):
                    Step(directive);
                    break;
                case DocDirective directive:
                    if (i + 1 < items.Count && items[i + 1] is DocBlock next)
                    {
                        Block(directive, next);
                        i++;
                    }
                    else
                    {
                        Fail(directive.Line, $"'doc-test: {directive.Verb}' is not followed by a fenced block");
                    }

                    break;
            }
        }

        CheckLastSucceeded();
    }

    private static bool IsStandalone(DocDirective d) =>
        d.Verb is "copy" or "clock" or "replace" or "reset" || (d.Verb == "run" && IsCommand(DocExamples.Words(d.Rest).FirstOrDefault()));

    private static bool IsCommand(string? word) => word is Secpanel or "./" + Secpanel;

    private static Func<Last, string?> Expect(string stdout) => r => r.Out == stdout ? null : Difference("standard output", stdout, r.Out);

    private void Step(DocDirective d)
    {
        switch (d.Verb)
        {
            case "file" when d.Body is not null:
                Write(d.Rest, d.Body);
                break;
            case "run":
                Command(d.Line, d.Rest, [], [], null);
                break;
            case "copy":
                var parts = DocExamples.Words(d.Rest);
                if (parts.Count != 2)
                {
                    Fail(d.Line, "copy takes a path of the repository and a path of the scratch folder");
                    break;
                }

                Copy(Repo.Path(parts[0]), Path.Combine(folder, parts[1]));
                break;
            case "replace":
                var edit = DocExamples.Words(d.Rest);
                var target = edit.Count == 3 ? Path.Combine(folder, edit[0]) : null;
                var content = File.Exists(target) ? File.ReadAllText(target) : null;
                var at = content?.IndexOf(edit[1], StringComparison.Ordinal) ?? -1;
                if (at < 0)
                {
                    Fail(d.Line, "replace takes a file of the scratch folder, a text in it and the text to put in its place (the first occurrence)");
                    break;
                }

                File.WriteAllText(target!, string.Concat(content.AsSpan(0, at), edit[2], content.AsSpan(at + edit[1].Length)));
                break;
            case "reset":
                CheckLastSucceeded();
                Reset();
                break;
            case "clock":
                var parsed = InstantPattern.ExtendedIso.Parse(d.Rest);
                if (parsed.Success)
                {
                    now = parsed.Value;
                }
                else
                {
                    Fail(d.Line, $"clock: '{d.Rest}' is not an instant such as 2026-11-28T09:00:00Z");
                }

                break;
            default:
                Fail(d.Line, $"unknown doc-test step '{d.Verb}'");
                break;
        }
    }

    private void Block(DocDirective d, DocBlock block)
    {
        switch (d.Verb)
        {
            case "file":
                Write(d.Rest, block.Text);
                break;
            case "not-run":
                if (d.Rest.Length == 0)
                {
                    Fail(d.Line, "not-run needs a reason: why this block is not an example that can run");
                }

                break;
            case "same-as":
                var path = Repo.Path(d.Rest);
                var text = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
                if (text != block.Text)
                {
                    Fail(block.Line, text is null ? $"{d.Rest} is not a file of the repository" : Difference(d.Rest, block.Text, text));
                }

                break;
            case "run":
                RunBlock(d, block);
                break;
            case "stdout":
                Check(block.Line, false, r => r.Out == block.Text ? null : Difference("standard output", block.Text, r.Out));
                break;
            case "stdout-contains":
                Check(block.Line, false, r => r.Out.Contains(block.Text, StringComparison.Ordinal) ? null : $"standard output does not contain the block; it is:\n{r.Out}");
                break;
            case "stdout-json":
                Check(block.Line, false, r => JsonSubset(block.Text, r.Out));
                break;
            case "stderr":
                Check(block.Line, true, r => r.Err == block.Text ? null : Difference("standard error", block.Text, r.Err));
                break;
            case "stderr-contains":
                Check(block.Line, true, r => block.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(l => !r.Err.Contains(l.Trim(), StringComparison.Ordinal)) is { } missing
                    ? $"standard error lacks '{missing.Trim()}'; it is:\n{r.Err}"
                    : null);
                break;
            default:
                Fail(d.Line, $"unknown doc-test marker '{d.Verb}'");
                break;
        }
    }

    /// <summary>
    /// Each line of the block is a command; in a block of <c>$ </c> prompts, the lines after a
    /// prompt are its expected standard output. <c>with --option value</c> replaces an option's
    /// value (a smaller size, say); <c>except "prefix"</c> names lines that are not run.
    /// </summary>
    private void RunBlock(DocDirective d, DocBlock block)
    {
        var words = DocExamples.Words(d.Rest);
        var with = new Dictionary<string, string>(StringComparer.Ordinal);
        var except = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == "needs" && i + 1 < words.Count)
            {
                var variable = words[++i];
                if (Environment.GetEnvironmentVariable(variable) is not { Length: > 0 } value)
                {
                    skipped.Add($"{doc}:{block.Line}: needs {variable}");
                    return;
                }

                if (variable == ClickHouseServers)
                {
                    EmptyDefaultDatabase(value);
                }
            }
            else if (words[i] == "with" && i + 2 < words.Count)
            {
                with[words[i + 1]] = words[i + 2];
                i += 2;
            }
            else if (words[i] == "except" && i + 1 < words.Count)
            {
                except.Add(words[++i]);
            }
            else
            {
                Fail(d.Line, $"run: '{words[i]}' is neither 'with --option value', 'except \"prefix\"' nor 'needs VARIABLE'");
                return;
            }
        }

        var lines = block.Text.Split('\n');
        var prompts = lines.Any(l => l.StartsWith("$ ", StringComparison.Ordinal));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (prompts && !line.StartsWith("$ ", StringComparison.Ordinal))
            {
                continue;
            }

            var command = prompts ? line[2..] : line;
            Func<Last, string?>? expect = null;
            if (prompts)
            {
                var output = new StringBuilder();
                for (var j = i + 1; j < lines.Length && !lines[j].StartsWith("$ ", StringComparison.Ordinal); j++)
                {
                    output.Append(lines[j]).Append('\n');
                }

                var text = output.ToString().TrimEnd('\n');
                expect = text.Length == 0 ? null : Expect(text + "\n");
            }

            Command(block.Line + 1 + i, command, with, except, expect);
        }
    }

    /// <summary>The test ClickHouse servers' addresses (tests/clickhouse/start), which the scale-out examples load into.</summary>
    private const string ClickHouseServers = "SECPANEL_TEST_CLICKHOUSE";

    /// <summary>Drops SecPanel's tables from the default database of the test servers, so that an example loads into empty ones.</summary>
    private static void EmptyDefaultDatabase(string urls)
    {
        using var cluster = new SecPanel.Analytics.ClickHouse.ClickHouseCluster(SecPanel.Analytics.ClickHouse.ClickHouseCluster.ParseShards(urls, out _)!);
        for (var shard = 0; shard < cluster.Shards.Count; shard++)
        {
            foreach (var table in cluster.Rows(shard, "SELECT name FROM system.tables WHERE database = 'default' AND name LIKE 'secpanel%'"))
            {
                cluster.Query(shard, $"DROP TABLE default.{table[0]}");
            }
        }
    }

    /// <summary>Runs one line: commands joined by <c>&amp;&amp;</c>, each with <c>VAR=value</c> before it and <c>&gt; file</c> after it allowed.</summary>
    private void Command(int line, string text, Dictionary<string, string> with, List<string> except, Func<Last, string?>? expect)
    {
        foreach (var part in text.Split("&&", StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0 || part.StartsWith('#') || except.Any(e => part.StartsWith(e, StringComparison.Ordinal)))
            {
                continue;
            }

            List<string> words;
            try
            {
                words = DocExamples.Words(part);
            }
            catch (FormatException e)
            {
                Fail(line, e.Message);
                continue;
            }

            var environment = new List<(string Name, string Value)>();
            while (words.Count > 0 && words[0].Contains('=', StringComparison.Ordinal) && !words[0].StartsWith('-'))
            {
                var eq = words[0].IndexOf('=', StringComparison.Ordinal);
                environment.Add((words[0][..eq], words[0][(eq + 1)..]));
                words.RemoveAt(0);
            }

            if (!IsCommand(words.FirstOrDefault()))
            {
                Fail(line, $"'{part}' is not a secpanel command: mark the block not-run, or add except \"{words.FirstOrDefault()} \" to its run marker");
                continue;
            }

            string? redirect = null;
            string? input = null;
            var args = new List<string>();
            for (var i = 1; i < words.Count; i++)
            {
                if (words[i] == ">" && i + 1 < words.Count)
                {
                    redirect = words[++i];
                }
                else if (words[i] == "<" && i + 1 < words.Count)
                {
                    input = words[++i];
                }
                else if (words[i].StartsWith('[') && !words[i].StartsWith("[]", StringComparison.Ordinal))
                {
                    // [--option value] in a synopsis is optional: left out.
                    while (i < words.Count && !words[i].EndsWith(']'))
                    {
                        i++;
                    }
                }
                else if (with.TryGetValue(words[i], out var value) && i + 1 < words.Count)
                {
                    args.Add(words[i]);
                    args.Add(value);
                    i++;
                }
                else
                {
                    args.Add(words[i]);
                }
            }

            CheckLastSucceeded();
            var result = Execute(args, environment, input is null ? null : ReadInput(input));
            last = new Last(line, part, result.Code, result.Out, result.Err);
            if (redirect is not null)
            {
                Write(redirect, result.Out);
            }

            if (expect is not null)
            {
                Check(line, false, expect);
            }
        }
    }

    /// <summary>The text of a file a command reads as its standard input (<c>&lt; file</c>), from the example's folder.</summary>
    private string ReadInput(string file) => File.ReadAllText(Path.Combine(folder, file));

    private (int Code, string Out, string Err) Execute(List<string> args, List<(string Name, string Value)> environment, string? input = null)
    {
        var saved = environment.Select(e => (e.Name, Value: Environment.GetEnvironmentVariable(e.Name))).ToList();
        foreach (var (name, value) in environment)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            using var stdin = new StringReader(input ?? string.Empty);
            var code = SecPanelCommand.Run([.. args], stdout, stderr, new FakeClock(now), stdin);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    /// <summary>Checks the last command; <paramref name="failure"/> says whether it is meant to be refused (exit code 2).</summary>
    private void Check(int line, bool failure, Func<Last, string?> check)
    {
        if (last is null)
        {
            Fail(line, "an expected output with no command run before it");
            return;
        }

        if (failure)
        {
            last.FailureExpected = true;
            if (last.Code != 2)
            {
                Fail(line, $"'{last.Command}' (line {last.Line}) exited {last.Code}, not 2 as a refusal does");
            }
        }

        if (check(last) is { } problem)
        {
            Fail(line, $"'{last.Command}' (line {last.Line}): {problem}");
        }
    }

    private void CheckLastSucceeded()
    {
        if (last is { Code: not 0, FailureExpected: false })
        {
            Fail(last.Line, $"'{last.Command}' exited {last.Code}; a command whose refusal is the example needs a stderr block after it:\n{last.Err}");
        }

        if (last is not null)
        {
            last.FailureExpected = true;
        }
    }

    private void Write(string path, string text)
    {
        var full = Path.Combine(folder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    /// <summary>Copies a file, or a folder with everything in it.</summary>
    public static void Copy(string source, string target)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target, overwrite: true);
            return;
        }

        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
        }
    }

    private void Fail(int line, string message) => failures.Add($"{doc}:{line}: {message}");

    private static string Difference(string what, string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var x = i < e.Length ? e[i] : "(nothing)";
            var y = i < a.Length ? a[i] : "(nothing)";
            if (x != y)
            {
                return $"{what} differs at its line {i + 1}:\n  documented: {x}\n  actual:     {y}\nthe whole actual {what}:\n{actual}";
            }
        }

        return $"{what} differs";
    }

    /// <summary>
    /// Null when every property of the documented JSON is in the actual JSON with the same value
    /// (numbers as written: 125 is not 125.0), in the same order; a documented array's items are
    /// found in the actual array in order, others may lie between (a shortened example).
    /// </summary>
    private static string? JsonSubset(string expected, string actual)
    {
        JsonNode? e, a;
        try
        {
            e = JsonNode.Parse(expected);
        }
        catch (System.Text.Json.JsonException x)
        {
            return $"the documented JSON does not parse: {x.Message}";
        }

        try
        {
            a = JsonNode.Parse(actual);
        }
        catch (System.Text.Json.JsonException x)
        {
            return $"the output is not JSON: {x.Message}";
        }

        return Subset(e, a, "$");
    }

    private static int Score(JsonNode? expected, JsonNode? actual) => (expected, actual) switch
    {
        (JsonObject e, JsonObject a) => e.Sum(p => a.TryGetPropertyValue(p.Key, out var v) ? Score(p.Value, v) : 0),
        (JsonValue e, JsonValue a) => e.ToJsonString() == a.ToJsonString() ? 1 : 0,
        _ => 0,
    };

    private static string? Subset(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case null:
                return actual is null ? null : $"{path}: documented null, actual {actual.ToJsonString()}";
            case JsonObject eo:
                if (actual is not JsonObject ao)
                {
                    return $"{path}: documented an object, actual {actual?.ToJsonString() ?? "null"}";
                }

                var names = ao.Select(p => p.Key).ToList();
                var previous = -1;
                foreach (var (key, value) in eo)
                {
                    var index = names.IndexOf(key);
                    if (index < 0)
                    {
                        return $"{path}.{key}: documented, but not in the output";
                    }

                    if (index < previous)
                    {
                        return $"{path}.{key}: in the output it comes before the property documented before it";
                    }

                    previous = index;
                    if (Subset(value, ao[key], $"{path}.{key}") is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonArray ea:
                if (actual is not JsonArray aa)
                {
                    return $"{path}: documented an array, actual {actual?.ToJsonString() ?? "null"}";
                }

                var next = 0;
                for (var i = 0; i < ea.Count; i++)
                {
                    string? first = null;
                    var best = -1;
                    var found = false;
                    for (; next < aa.Count && !found; next++)
                    {
                        var problem = Subset(ea[i], aa[next], $"{path}[{next}]");
                        found = problem is null;

                        // The candidate with the most documented values tells best what differs.
                        var score = Score(ea[i], aa[next]);
                        if (problem is not null && score > best)
                        {
                            (first, best) = (problem, score);
                        }
                    }

                    if (!found)
                    {
                        return first ?? $"{path}: the documented item {i + 1} is not in the output";
                    }
                }

                return null;
            default:
                var text = expected.ToJsonString();
                return actual is JsonValue && actual.ToJsonString() == text ? null : $"{path}: documented {text}, actual {actual?.ToJsonString() ?? "null"}";
        }
    }
}
