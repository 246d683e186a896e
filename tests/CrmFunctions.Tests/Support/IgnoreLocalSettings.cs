using System.Runtime.CompilerServices;

namespace CrmFunctions.Tests.Support;

/// <summary>
/// The app under test reads only what each test gives it: a developer's local.settings.json, found by walking up
/// from the test's directory into the clone, is skipped (the app's CRM_LOCAL_SETTINGS switch).
/// </summary>
public static class IgnoreLocalSettings
{
    [ModuleInitializer]
    public static void Apply() => Environment.SetEnvironmentVariable(CrmFunctions.Hosting.LocalSettings.SwitchVariable, "off");
}
