using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using NodaTime;
using SecPanel.Storage;

namespace SecPanel.Server;

/// <summary>
/// Keeps the keys of ASP.NET Core's data protection (which sign and encrypt the session cookies) in
/// the store, so that sessions survive a restart and every server of one store shares them, while a
/// cookie made by a server of another store is refused.
/// </summary>
internal sealed class StoreKeys(Store store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => [.. store.ServerKeys().Select(k => XElement.Parse(k.Xml))];

    public void StoreElement(XElement element, string friendlyName) =>
        store.AddServerKey(friendlyName + "-" + Guid.NewGuid().ToString("N"), element.ToString(SaveOptions.DisableFormatting));
}

/// <summary>The server's clock as ASP.NET Core takes time (session expiry), from the same <see cref="IClock"/> as the rest.</summary>
internal sealed class ClockTime(IClock clock) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => clock.GetCurrentInstant().ToDateTimeOffset();
}
