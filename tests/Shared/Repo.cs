namespace SecPanel.Testing;

/// <summary>Finds files of the repository from a test's output folder.</summary>
internal static class Repo
{
    /// <summary>The repository root: the nearest folder above the tests that holds SecPanel.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path below the repository root.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The shipped data folder.</summary>
    public static string Data => Path("data");

    /// <summary>The bundled June 2018 OPSG sample.</summary>
    public static string Sample => Path("samples", "opsg-2018-06");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SecPanel.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SecPanel.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder for one test, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("secpanel-test-").FullName;
    }

    public string Path { get; }

    /// <summary>Copies every file of <paramref name="source"/> (recursively) into this folder.</summary>
    public TempFolder CopyFrom(string source)
    {
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(Path, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return this;
    }

    /// <summary>Writes <paramref name="text"/> to a file of this folder.</summary>
    public string Write(string name, string text)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
