namespace SecPanel.Problems;

/// <summary>
/// One thing wrong with an input, located as precisely as the input allows: the file, the line
/// (1-based, counting the header as line 1; null when the problem is with the file as a whole)
/// and the field (the column name; null when the problem is with the whole line).
/// </summary>
public sealed record Problem(string File, int? Line, string? Field, string Message)
{
    /// <summary>Formats the problem as <c>file:line: field 'name': message</c>.</summary>
    public override string ToString()
    {
        var where = Line is { } line ? $"{File}:{line}" : File;
        return Field is null ? $"{where}: {Message}" : $"{where}: field '{Field}': {Message}";
    }
}

/// <summary>
/// The outcome of reading or validating an input: a value, or every problem found. Expected
/// failures are values, not exceptions, so that a user sees all of them at once.
/// </summary>
public sealed class Result<T>
{
    private readonly T? value;

    private Result(T? value, IReadOnlyList<Problem> problems)
    {
        this.value = value;
        Problems = problems;
    }

    /// <summary>The problems found; empty when the result succeeded.</summary>
    public IReadOnlyList<Problem> Problems { get; }

    /// <summary>True when there are no problems and <see cref="Value"/> can be read.</summary>
    public bool Succeeded => Problems.Count == 0;

    /// <summary>The value; reading it from a failed result is a programming error.</summary>
    public T Value => Succeeded
        ? value!
        : throw new InvalidOperationException("The result failed: " + string.Join("; ", Problems));

    /// <summary>A successful result.</summary>
    public static Result<T> Success(T value) => new(value, []);

    /// <summary>A failed result; at least one problem is required.</summary>
    public static Result<T> Failure(IEnumerable<Problem> problems)
    {
        var list = problems.ToList();
        return list.Count == 0
            ? throw new ArgumentException("A failure needs at least one problem.", nameof(problems))
            : new Result<T>(default, list);
    }

    /// <summary>Success when <paramref name="problems"/> is empty, else a failure carrying them.</summary>
    public static Result<T> From(T value, IReadOnlyCollection<Problem> problems) =>
        problems.Count == 0 ? Success(value) : Failure(problems);
}
