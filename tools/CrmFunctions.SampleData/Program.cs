using System.Diagnostics;
using System.Text.Json;
using CrmFunctions.Core.Contracts;
using CrmFunctions.SampleData;

// Generates a realistic hotel group's data and sends it through the public API of a running app:
//   dotnet run --project tools/CrmFunctions.SampleData -- [--url http://localhost:7071] [--key K] [--guests 2000] [--days 84] [--seed 7]
// --key is a function key (Azure), sent as x-functions-key.
var url = Option("--url") ?? "http://localhost:7071";
var key = Option("--key");
var guests = int.Parse(Option("--guests") ?? "2000");
var days = int.Parse(Option("--days") ?? "84");
var seed = int.Parse(Option("--seed") ?? "7");
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

var secrets = ReadSecrets();
// Generous: the closing refresh reads everything just sent, and a refresh cut short helps nobody.
using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(15) };
if (!string.IsNullOrEmpty(key))
    http.DefaultRequestHeaders.Add("x-functions-key", key);
var plan = SamplePlan.Build(guests, days, seed, DateTimeOffset.UtcNow);
var client = new ApiClient(http, secrets);
Console.WriteLine($"Sending to {url}: {plan.Contacts.Count} contact records ({plan.Duplicates} duplicates) for {guests} guests, " +
    $"{plan.Surveys.Count} survey answers, {plan.Interactions.Count} interactions, {plan.CampaignEvents.Count} campaign events, " +
    $"{plan.StaffAssessments.Count} staff assessments, over {days} days across {HotelGroup.Properties.Count} properties.");
var watch = Stopwatch.StartNew();
await plan.SendAsync(client, (done, total, what) => Console.Write($"\r    {what}: {done}/{total}   "), async ct =>
{
    // The current weeks are what the dashboard opens on: count them before sending the older ones.
    if (await RefreshAsync(ct))
        Console.WriteLine($"The last {SamplePlan.RecentDays} days are counted: {url.TrimEnd('/')}/api/dashboard shows them now. Sending the weeks before...");
}, cancel.Token);
Console.WriteLine($"Sent in {watch.Elapsed.TotalSeconds:F0} s.");
await RefreshAsync(cancel.Token);
Console.WriteLine($"Open {url.TrimEnd('/')}/api/dashboard");
return 0;

async Task<bool> RefreshAsync(CancellationToken cancellationToken)
{
    Console.WriteLine("Refreshing the barometers...");
    var refreshed = await client.RefreshBarometersAsync(cancellationToken);
    Console.WriteLine(refreshed is null
        ? "This app has no POST /api/barometers/refresh: the timer refreshes them within 15 minutes."
        : $"Refreshed: {refreshed}");
    return refreshed is not null;
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

// Webhook secrets come from the same local.settings.json the app reads, so both agree without copying.
static Dictionary<string, string> ReadSecrets()
{
    var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        var path = Path.Combine(dir.FullName, "local.settings.json");
        if (!File.Exists(path))
            continue;
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var value in document.RootElement.GetProperty("Values").EnumerateObject())
            if (value.Name.StartsWith(SettingNames.WebhookSecretPrefix, StringComparison.Ordinal) && value.Value.GetString() is { Length: > 0 } secret)
                result[value.Name[SettingNames.WebhookSecretPrefix.Length..]] = secret;
        break;
    }
    return result;
}
