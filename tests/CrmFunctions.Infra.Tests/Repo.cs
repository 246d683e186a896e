namespace CrmFunctions.Infra.Tests;

/// <summary>Paths of the repository the tests run in (found from the test binaries upwards).</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Infra => System.IO.Path.Combine(Root, "infra");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CrmFunctions.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("CrmFunctions.sln not found above " + AppContext.BaseDirectory);
    }
}
