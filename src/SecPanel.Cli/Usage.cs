using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using SecPanel.Problems;

namespace SecPanel.Cli;

/// <summary>
/// How the command line's own mistakes are put to the user: numbers that say which option they
/// belong to and what range is allowed (rather than a .NET type name), and an unknown option named,
/// with the nearest real one.
/// </summary>
internal static class Usage
{
    /// <summary>The note of a year's range: the dates SecPanel keeps.</summary>
    public const string YearNote = "the years SecPanel keeps";

    /// <summary>Makes <paramref name="option"/> take only whole numbers from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<T> Within<T>(this Option<T> option, T min, T max, string? note = null)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        option.CustomParser = result => Whole(result, option.Name, min, max, note);
        return option;
    }

    /// <summary>Makes <paramref name="argument"/> take only whole numbers from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Argument<T> Within<T>(this Argument<T> argument, T min, T max, string? note = null)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        argument.CustomParser = result => Whole(result, argument.Name, min, max, note);
        return argument;
    }

    /// <summary>
    /// The parse errors to show, one line each. An unknown option is named, with the nearest option
    /// of its command (by edit distance) when one is near, else the command's options; it is then
    /// the only error shown, since the others (its value left over, a required option "missing")
    /// follow from it.
    /// </summary>
    public static IReadOnlyList<string> Errors(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        if (command.Subcommands.Count > 0 && command.Arguments.Count == 0 && parsed.UnmatchedTokens.FirstOrDefault(t => !LooksLikeAnOption(t)) is { } word)
        {
            // A command that only groups others (secpanel, traffic): the word is a command misspelt.
            var names = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
            return [Nearest(word, names) is { } near
                ? $"unknown command '{word}'; did you mean '{near}'?"
                : $"unknown command '{word}'; the commands are {string.Join(", ", names)}"];
        }

        var unknown = UnknownOptions(parsed);
        return unknown.Count > 0
            ? [.. unknown.Select(token => UnknownOption(token, parsed.CommandResult))]
            : [.. parsed.Errors.Select(e => e.Message)];
    }

    /// <summary>Makes <paramref name="option"/> take only one of <paramref name="values"/>, saying so in one line that names it.</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] values)
    {
        option.CompletionSources.Add(values);
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && !values.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"{option.Name}: '{value}' is not one of {string.Join(", ", values)}");
            }
        });
        return option;
    }

    /// <summary>
    /// The options given that the command does not have. System.CommandLine passes an unknown
    /// <c>--name</c> on as a value (of an argument such as the case folder, when one is free), so
    /// such values count too, up to a <c>--</c> after which everything is a value.
    /// </summary>
    private static List<string> UnknownOptions(ParseResult parsed)
    {
        var values = parsed.Tokens
            .TakeWhile(t => t.Type != TokenType.DoubleDash)
            .Where(t => t.Type == TokenType.Argument && t.Value.StartsWith("--", StringComparison.Ordinal))
            .Select(t => t.Value);
        return [.. values.Concat(parsed.UnmatchedTokens).Where(LooksLikeAnOption).Distinct(StringComparer.Ordinal)];
    }

    private static T Whole<T>(ArgumentResult result, string name, T min, T max, string? note)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (result.Tokens.Count == 0)
        {
            return default;
        }

        var text = result.Tokens[^1].Value;
        // Years are written without a thousands separator: 1900, not 1,900.
        var format = note == YearNote ? "0" : "N0";
        var range = $"from {min.ToString(format, CultureInfo.InvariantCulture)} to {max.ToString(format, CultureInfo.InvariantCulture)}" + (note is null ? "" : $" ({note})");
        if (!BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            result.AddError($"{name}: '{text}' is not a whole number (one {range} is wanted)");
            return default;
        }

        if (number < BigInteger.CreateChecked(min) || number > BigInteger.CreateChecked(max))
        {
            result.AddError($"{name}: {text} is not {range}");
            return default;
        }

        return T.CreateChecked(number);
    }

    /// <summary>A token that names an option: a dash then a letter (so that -1, a negative number, is not one).</summary>
    private static bool LooksLikeAnOption(string token) =>
        token.Length > 1 && token[0] == '-' && (char.IsAsciiLetter(token[1]) || (token[1] == '-' && token.Length > 2));

    private static string UnknownOption(string token, CommandResult command)
    {
        var options = Options(command);
        var name = command.Command is RootCommand ? "secpanel" : command.Command.Name;
        return Nearest(token, options) is { } near
            ? $"unknown option '{token}'; did you mean '{near}'?"
            : $"unknown option '{token}'; the options of {name} are {string.Join(", ", options)}";
    }

    private static string? Nearest(string word, IEnumerable<string> names) => NearestName.To(word, names);

    /// <summary>The options <paramref name="command"/> accepts: its own, and those of the commands above it that apply below them too.</summary>
    private static SortedSet<string> Options(CommandResult command)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        for (SymbolResult? at = command; at is not null; at = at.Parent)
        {
            if (at is CommandResult result)
            {
                foreach (var option in result.Command.Options.Where(o => ReferenceEquals(result, command) || o.Recursive))
                {
                    names.Add(option.Name);
                    names.UnionWith(option.Aliases.Where(a => a.StartsWith("--", StringComparison.Ordinal)));
                }
            }
        }

        return names;
    }
}
