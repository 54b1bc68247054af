using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using NodaTime;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>
/// Passwords and program tokens. Passwords are hashed by ASP.NET Core Identity's hasher
/// (PBKDF2 with HMAC-SHA512, a salt of its own for each, and the iteration count in the hash, so
/// that a later version can raise it). A token is a random secret shown once; the store keeps only
/// its SHA-256, which is enough for 256 random bits (no key stretching is needed for them).
/// </summary>
public static class Credentials
{
    /// <summary>The shortest password an account may have.</summary>
    public const int MinimumPasswordLength = 12;

    /// <summary>The longest: a password is hashed on every sign-in, so a huge one would be a cheap way to load the server.</summary>
    public const int MaximumPasswordLength = 1024;

    /// <summary>How a token starts: <c>spt_</c>, its id, <c>_</c>, its secret.</summary>
    public const string TokenPrefix = "spt_";

    private static readonly PasswordHasher<object> Hasher = new();

    private static readonly object Nobody = new();

    /// <summary>What is wrong with <paramref name="password"/> as a new password, or null when it will do.</summary>
    public static string? PasswordProblem(string password) => password switch
    {
        _ when password.Length < MinimumPasswordLength => $"a password needs at least {MinimumPasswordLength} characters",
        _ when password.Length > MaximumPasswordLength => $"a password has at most {MaximumPasswordLength} characters",
        _ when password.Trim().Length != password.Length => "a password may not start or end with a space",
        _ when password.Any(char.IsControl) => "a password may not hold control characters (a line break, a tab)",
        _ => null,
    };

    /// <summary>The hash of <paramref name="password"/> to store.</summary>
    public static string HashPassword(string password) => Hasher.HashPassword(Nobody, password);

    /// <summary>True when <paramref name="password"/> is the one <paramref name="hash"/> was made from.</summary>
    public static bool VerifyPassword(string hash, string password) =>
        password.Length <= MaximumPasswordLength && Hasher.VerifyHashedPassword(Nobody, hash, password) != PasswordVerificationResult.Failed;

    /// <summary>A hash to verify against when there is no account, so that a wrong name takes as long as a wrong password.</summary>
    public static string DecoyHash { get; } = HashPassword(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

    /// <summary>Creates a token for <paramref name="account"/>, stores its hash, and returns the token itself (shown once, never stored).</summary>
    public static string CreateToken(Store store, string account, LocalDate expires, string actor)
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        var secret = NewSecret();
        store.AddToken(id, account, Hash(secret), expires, actor);
        return $"{TokenPrefix}{id}_{secret}";
    }

    /// <summary>The token's id and secret when <paramref name="token"/> has a token's form.</summary>
    public static (string Id, string Secret)? ParseToken(string token)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = token[TokenPrefix.Length..];
        var split = rest.IndexOf('_', StringComparison.Ordinal);
        return split <= 0 || split == rest.Length - 1 ? null : (rest[..split], rest[(split + 1)..]);
    }

    /// <summary>True when <paramref name="secret"/> is the one whose hash is <paramref name="hash"/>, compared in constant time.</summary>
    public static bool VerifySecret(string hash, string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(Hash(secret)));

    /// <summary>A new secret: 32 random bytes, base64url.</summary>
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The hash the store keeps of <paramref name="secret"/>.</summary>
    public static string HashSecret(string secret) => Hash(secret);

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
