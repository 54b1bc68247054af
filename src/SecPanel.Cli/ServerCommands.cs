using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;
using NodaTime;
using SecPanel.Records;
using SecPanel.Server;
using SecPanel.Storage;

namespace SecPanel.Cli;

/// <summary>The commands of the shared server: <c>serve</c>, its accounts (<c>user</c>) and its programs' tokens (<c>token</c>).</summary>
internal sealed class ServerCommands(StoreCommands store, TextWriter stdout, TextWriter stderr, TextReader? stdin, IClock clock)
{
    public IEnumerable<Command> Commands()
    {
        yield return Serve();
        yield return User();
        yield return Token();
    }

    private Command Serve()
    {
        var urls = new Option<string[]>("--urls") { Description = "Where to listen (several allowed). Default: http://127.0.0.1:8080.", AllowMultipleArgumentsPerToken = true };
        var open = new Option<bool>("--public") { Description = "Let people without an account read what is White: the obligation calendar (and, later, White papers)." };
        var certificate = new Option<string?>("--certificate") { Description = "A PFX certificate file to serve HTTPS with; its password in $SECPANEL_CERTIFICATE_PASSWORD." };
        var maxUpload = new Option<int?>("--max-upload") { Description = "The largest upload in MB (a zipped case folder, or one CSV file). Default: 64." };
        var remindContacts = new Option<string?>("--remind-contacts") { Description = "Send the reminders of secpanel remind every day (docs/reminders.md), to the contacts of this file (read at each run); needs --smtp and --from." };
        var smtp = new Option<string?>("--smtp") { Description = "The SMTP server of the daily reminders, HOST[:PORT]." };
        var from = new Option<string?>("--from") { Description = "The sender's address of the daily reminders." };
        var remindAt = new Option<string>("--remind-at") { Description = "The time of the daily reminders in London, HH:MM. Default: 07:00.", DefaultValueFactory = _ => "07:00" };
        var serve = new Command("serve", "Serve the store over HTTP to the secretariat, the committees and the DCC, with access by role and classification (docs/access.md).") { urls, open, certificate, maxUpload, remindContacts, smtp, from, remindAt };
        serve.SetAction(parse => store.WithLocation(parse, location =>
        {
            var listen = parse.GetValue(urls) is { Length: > 0 } given ? given : ["http://127.0.0.1:8080"];
            if (parse.GetValue(certificate) is { } file && !File.Exists(file))
            {
                return SecPanelCommand.Fail(stderr, $"--certificate: {file}: no such file");
            }

            if (parse.GetValue(maxUpload) is { } mb and (< 1 or > 2048))
            {
                return SecPanelCommand.Fail(stderr, $"--max-upload: {mb} is not a size from 1 to 2048 MB");
            }

            var options = new ServerOptions(location, clock, listen, parse.GetValue(open)) { CertificateFile = parse.GetValue(certificate) };
            if (parse.GetValue(maxUpload) is { } limit)
            {
                options = options with { MaxUploadBytes = limit * 1024L * 1024 };
            }

            if (parse.GetValue(remindContacts) is { } contacts)
            {
                if (parse.GetValue(smtp) is not { } server || parse.GetValue(from) is not { } sender)
                {
                    return SecPanelCommand.Fail(stderr, "--remind-contacts: the daily reminders need --smtp and --from");
                }

                if (!NodaTime.Text.LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(parse.GetValue(remindAt)!).TryGetValue(default, out var at))
                {
                    return SecPanelCommand.Fail(stderr, $"--remind-at: '{parse.GetValue(remindAt)}' is not a time of the form HH:MM");
                }

                var loaded = Reminders.ReminderContacts.Load(contacts, contacts, Store.Open(location, clock).Rules());
                if (!loaded.Succeeded)
                {
                    return SecPanelCommand.Fail(stderr, loaded.Problems);
                }

                options = options with { Reminders = new ReminderSchedule(contacts, server, sender, at, RemindCommand.DefaultDays) };
            }

            var app = SecPanelServer.Build(options);
            app.Start();
            stdout.WriteLine($"secpanel: serving {location.Display} at {string.Join(", ", listen)}{(options.Public ? " (White to anyone)" : string.Empty)}; Ctrl+C stops");
            app.WaitForShutdown();
            return SecPanelCommand.Ok;
        }));
        return serve;
    }

    private Command User()
    {
        var name = new Argument<string>("name") { Description = "The account's name, as people sign in with it." };
        var role = new Option<string>("--role") { Description = $"The role: {Roles.KeyList} (docs/access.md).", Required = true };
        var clearance = new Option<string>("--clearance") { Description = "The highest classification it may read: WHITE, GREEN, AMBER or RED.", Required = true };
        var committees = new Option<string[]>("--committee") { Description = "A committee the account belongs to (a member reads only its committees' records); repeat for several.", AllowMultipleArgumentsPerToken = true };

        var add = new Command("add", "Add an account; its password is read from standard input (asked twice on a terminal), never from the command line.") { name, role, clearance, committees };
        add.SetAction(parse => store.WithStore(parse, s =>
        {
            if (!Roles.TryParse(parse.GetValue(role)!, out var r))
            {
                return SecPanelCommand.Fail(stderr, $"--role: unknown role '{parse.GetValue(role)}'; the roles are {Roles.KeyList}");
            }

            if (!Tlps.TryParse(parse.GetValue(clearance)!, out var level) || parse.GetValue(clearance)!.Trim().Equals("CLEAR", StringComparison.OrdinalIgnoreCase))
            {
                return SecPanelCommand.Fail(stderr, $"--clearance: unknown level '{parse.GetValue(clearance)}'; the levels are WHITE, GREEN, AMBER, RED");
            }

            var member = parse.GetValue(committees) ?? [];
            if (r == Role.Member && member.Length == 0)
            {
                return SecPanelCommand.Fail(stderr, "--committee: a member belongs to at least one committee");
            }

            if (r == Role.Dcc)
            {
                return SecPanelCommand.Fail(stderr, "--role: the DCC's programs sign in by token: use 'secpanel token create NAME --role dcc --expires DATE'");
            }

            if (ReadNewPassword() is not { } password)
            {
                return SecPanelCommand.UsageOrInputError;
            }

            var account = Guard(() => s.AddAccount(parse.GetValue(name)!, r, level, member, Credentials.HashPassword(password), store.Actor(parse)));
            if (account is null)
            {
                return SecPanelCommand.UsageOrInputError;
            }

            stdout.WriteLine($"added {Describe(account)}");
            return SecPanelCommand.Ok;
        }));

        var list = new Command("list", "List the accounts: name, role, clearance, committees, and whether disabled or locked.");
        list.SetAction(parse => store.WithStore(parse, s =>
        {
            var now = clock.GetCurrentInstant();
            foreach (var account in s.Accounts())
            {
                var state = account.Disabled ? "disabled" : account.IsLockedAt(now) ? "locked" : account.HasPassword ? "active" : "token only";
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{account.Name,-24} {account.Role.Key(),-12} {account.Clearance.Key(),-6} {(account.Committees.Count == 0 ? "-" : string.Join(",", account.Committees)),-24} {state}"));
            }

            return SecPanelCommand.Ok;
        }));

        var disable = new Command("disable", "Disable an account: it cannot sign in, and its sessions and tokens stop working at once.") { name };
        disable.SetAction(parse => store.WithStore(parse, s =>
            Guard(() => s.DisableAccount(parse.GetValue(name)!, store.Actor(parse))) is { } account ? Done($"disabled {Describe(account)}") : SecPanelCommand.UsageOrInputError));

        var reset = new Command("reset-password", "Set a new password (read as for 'user add'); the account's sessions end and a lockout is lifted.") { name };
        reset.SetAction(parse => store.WithStore(parse, s =>
        {
            if (s.FindAccount(parse.GetValue(name)!) is null)
            {
                return SecPanelCommand.Fail(stderr, $"there is no account named '{parse.GetValue(name)}'");
            }

            return ReadNewPassword() is { } password && Guard(() => s.SetPassword(parse.GetValue(name)!, Credentials.HashPassword(password), store.Actor(parse))) is { } account
                ? Done($"new password for {account.Name}; its sessions have ended")
                : SecPanelCommand.UsageOrInputError;
        }));

        return new Command("user", "The server's accounts: add, list, disable, reset-password.") { add, list, disable, reset };
    }

    private Command Token()
    {
        var name = new Argument<string>("name") { Description = "The program's account (created, with the role, if it does not exist)." };
        var role = new Option<string>("--role") { Description = "The role of a new program account: dcc (the DCC's systems) or any other role.", Required = true };
        var expires = new Option<string>("--expires") { Description = "The last day the token works (YYYY-MM-DD).", Required = true };
        var create = new Command("create", "Create a token for a program and print it once; only its hash is stored.") { name, role, expires };
        create.SetAction(parse => store.WithStore(parse, s =>
        {
            if (!Roles.TryParse(parse.GetValue(role)!, out var r))
            {
                return SecPanelCommand.Fail(stderr, $"--role: unknown role '{parse.GetValue(role)}'; the roles are {Roles.KeyList}");
            }

            if (!SecPanelCommand.TryDate(parse.GetValue(expires)!, "--expires", stderr, out var until))
            {
                return SecPanelCommand.UsageOrInputError;
            }

            if (until < clock.GetCurrentInstant().InUtc().Date)
            {
                return SecPanelCommand.Fail(stderr, $"--expires: {parse.GetValue(expires)} is in the past");
            }

            var account = parse.GetValue(name)!;
            if (s.FindAccount(account) is { } found)
            {
                if (found.Account.Role != r)
                {
                    return SecPanelCommand.Fail(stderr, $"account '{account}' has the role {found.Account.Role.Key()}, not {r.Key()}");
                }
            }
            else if (Guard(() => s.AddAccount(account, r, Tlp.White, [], null, store.Actor(parse))) is null)
            {
                return SecPanelCommand.UsageOrInputError;
            }

            var token = Guard(() => Credentials.CreateToken(s, account, until, store.Actor(parse)));
            if (token is null)
            {
                return SecPanelCommand.UsageOrInputError;
            }

            stdout.WriteLine(token);
            stderr.WriteLine($"secpanel: the token of {account} works until {parse.GetValue(expires)}; it is shown only now: keep it where the program reads it");
            return SecPanelCommand.Ok;
        }));

        var id = new Argument<string>("id") { Description = "The token's id: the part after 'spt_' and before the next '_'." };
        var revoke = new Command("revoke", "Revoke a token: it stops working at once.") { id };
        revoke.SetAction(parse => store.WithStore(parse, s =>
            Guard(() =>
            {
                s.RevokeToken(parse.GetValue(id)!, store.Actor(parse));
                return "revoked";
            }) is null ? SecPanelCommand.UsageOrInputError : Done($"revoked token {parse.GetValue(id)}")));

        return new Command("token", "Tokens for programs (the DCC's systems): create, revoke.") { create, revoke };
    }

    private int Done(string message)
    {
        stdout.WriteLine(message);
        return SecPanelCommand.Ok;
    }

    private T? Guard<T>(Func<T> action)
        where T : class
    {
        try
        {
            return action();
        }
        catch (AccountException e)
        {
            SecPanelCommand.Fail(stderr, e.Message);
            return null;
        }
    }

    private static string Describe(Account account) =>
        $"{account.Name} ({account.Role.Key()}, cleared to {account.Clearance.Key()}{(account.Committees.Count == 0 ? string.Empty : ", " + string.Join(", ", account.Committees))})";

    /// <summary>
    /// A new password: one line of standard input when it is a pipe or a file; on a terminal, asked
    /// twice without echo. Null, with the reason on standard error, when there is none or it will not do.
    /// </summary>
    private string? ReadNewPassword()
    {
        string? password;
        if (stdin is null && !Console.IsInputRedirected)
        {
            password = Prompt("password: ");
            if (password is not null && Prompt("again: ") != password)
            {
                SecPanelCommand.Fail(stderr, "the two passwords differ; nothing was changed");
                return null;
            }
        }
        else
        {
            password = (stdin ?? Console.In).ReadLine();
        }

        if (password is null)
        {
            SecPanelCommand.Fail(stderr, "no password on standard input; give it as one line (for example from a password manager), never on the command line");
            return null;
        }

        if (Credentials.PasswordProblem(password) is { } problem)
        {
            SecPanelCommand.Fail(stderr, $"password: {problem}; nothing was changed");
            return null;
        }

        return password;
    }

    private string? Prompt(string text)
    {
        stderr.Write(text);
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                stderr.WriteLine();
                return typed.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
    }
}
