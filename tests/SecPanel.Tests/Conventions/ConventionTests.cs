using System.Reflection;
using System.Runtime.CompilerServices;
using SecPanel.Assessment;
using Xunit;

namespace SecPanel.Tests.Conventions;

/// <summary>Guards of the design: the domain stays free of hosts and storage, and its types stay immutable.</summary>
public class ConventionTests
{
    private static readonly Assembly Domain = typeof(Assessor).Assembly;

    [Fact]
    public void Domain_ReferencesNoWebStorageOrCommandLineFramework()
    {
        string[] forbidden = ["Microsoft.AspNetCore", "Microsoft.Data.Sqlite", "Npgsql", "Dapper", "System.CommandLine", "Microsoft.EntityFrameworkCore"];
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(references, r => forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal)));
        Assert.Contains("NodaTime", references);
    }

    [Fact]
    public void DomainTypes_HaveNoPublicSetters()
    {
        // init-only setters are allowed (records' with-expressions); ordinary setters are not.
        var mutable = Domain.GetExportedTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(p => (Type: t, Property: p)))
            .Where(x => x.Property.SetMethod is { IsPublic: true } setter
                && !setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)))
            .Select(x => $"{x.Type.Name}.{x.Property.Name}")
            .ToList();
        Assert.Empty(mutable);
    }

    [Fact]
    public void DomainTypes_HaveNoPublicMutableFields()
    {
        var fields = Domain.GetExportedTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(f => !f.IsInitOnly && !f.IsLiteral && !f.DeclaringType!.IsEnum)
            .Select(f => $"{f.DeclaringType!.Name}.{f.Name}")
            .ToList();
        Assert.Empty(fields);
    }
}
