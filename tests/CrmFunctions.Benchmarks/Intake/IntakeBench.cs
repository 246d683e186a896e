using Azure.Storage.Blobs.Models;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CrmFunctions.Benchmarks.Support;
using CrmFunctions.Storage;
using CrmFunctions.Testing;
using static CrmFunctions.Benchmarks.Support.BenchArgs;

namespace CrmFunctions.Benchmarks.Intake;

/// <summary>
/// bench intake: contacts accepted per second through POST /api/contacts (the app as its own process,
/// real HTTP, Azurite in memory), next to the local ceiling measured in the same run: one 1 KB
/// write-once blob put then one queue put per item, which is the storage work a single-contact intake does
/// besides its table writes.
/// </summary>
public static class IntakeBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = int.TryParse(Option(args, "--seconds"), out var s) ? s : 10;
        var concurrency = int.TryParse(Option(args, "--concurrency"), out var c) ? c : 16;
        var rounds = int.TryParse(Option(args, "--rounds"), out var r) ? r : 3;
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var storage = azurite.CreateServices();
        await storage.GetBlobContainerClient("bench").CreateIfNotExistsAsync();
        await storage.GetQueueClient("bench").CreateIfNotExistsAsync();
        await storage.GetTableClient("bench").CreateIfNotExistsAsync();

        var port = FreePort();
        using var app = StartApp(azurite.ConnectionString, port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitUntilReadyAsync(http);

        Console.WriteLine($"duration {seconds} s x {rounds} rounds, {concurrency} concurrent clients");
        var baseline = new List<double>();
        var withTable = new List<double>();
        var single = new List<double>();
        var batch = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            baseline.Add(await MeasureAsync(concurrency, seconds, (i, ct) => BaselineItemAsync(storage, i, withTable: false, ct)));
            withTable.Add(await MeasureAsync(concurrency, seconds, (i, ct) => BaselineItemAsync(storage, i, withTable: true, ct)));
            single.Add(await MeasureAsync(concurrency, seconds, (i, ct) => PostAsync(http, Contacts(i, 1), 1, ct)));
            batch.Add(await MeasureAsync(concurrency, seconds, (i, ct) => PostAsync(http, Contacts(i, 100), 100, ct)));
            Console.WriteLine($"round {round + 1}: baseline {baseline[^1]:F0} items/s, with table {withTable[^1]:F0} items/s, single {single[^1]:F0} contacts/s, batch-100 {batch[^1]:F0} contacts/s");
        }
        Console.WriteLine($"median: baseline blob+queue put {Median(baseline):F0} items/s; blob+queue+table {Median(withTable):F0} items/s; " +
            $"POST /api/contacts single {Median(single):F0} contacts/s ({Median(single) / Median(baseline):P0} of baseline); " +
            $"batches of 100 {Median(batch):F0} contacts/s");
        app.Kill(entireProcessTree: true);
        return 0;
    }

    private static async Task<int> BaselineItemAsync(StorageServices storage, long i, bool withTable, CancellationToken ct)
    {
        var name = $"b/{Guid.NewGuid():N}.json";
        await storage.GetBlobContainerClient("bench").GetBlobClient(name).UploadAsync(BinaryData.FromBytes(new byte[1024]),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, ct);
        await storage.GetQueueClient("bench").SendMessageAsync(name, cancellationToken: ct);
        if (withTable)
            await storage.GetTableClient("bench").UpsertEntityAsync(new TableEntity(name.Replace('/', '-'), "summary") { ["Status"] = "queued" },
                TableUpdateMode.Replace, ct);
        return 1;
    }

    private static async Task<int> PostAsync(HttpClient http, string body, int contacts, CancellationToken ct)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/contacts?source=bench", content, ct);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"intake answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return contacts;
    }

    /// <summary>Realistic contacts of about 600 bytes each, different every time.</summary>
    private static string Contacts(long seed, int count)
    {
        var items = Enumerable.Range(0, count).Select(k => $$$"""
            {"givenName":"Guest{{{seed}}}","familyName":"Family{{{k}}}","emails":["guest{{{seed}}}.{{{k}}}@example.com"],
             "phones":["+33 6 12 {{{seed % 100:00}}} {{{k % 100:00}}} 78"],"country":"FR","externalIds":{"pms":"G-{{{seed}}}-{{{k}}}"},
             "consents":[{"channel":"email","granted":true,"at":"2026-11-20T10:00:00Z","source":"booking-engine"}],
             "stay":{"propertyId":"paris-opera","arrival":"2026-11-18","departure":"2026-11-21","roomNights":3,"revenue":612.5,"currency":"EUR"}}
            """);
        return count == 1 ? items.Single() : "{\"contacts\":[" + string.Join(",", items) + "]}";
    }

    private static async Task<double> MeasureAsync(int concurrency, int seconds, Func<long, CancellationToken, Task<int>> operation)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        long done = 0, next = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (!cts.IsCancellationRequested)
            {
                try
                {
                    Interlocked.Add(ref done, await operation(Interlocked.Increment(ref next), cts.Token));
                }
                catch (OperationCanceledException) when (cts.IsCancellationRequested)
                {
                }
            }
        }));
        return done / watch.Elapsed.TotalSeconds;
    }

    private static Process StartApp(string connectionString, int port)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "CrmFunctions.dll")}\" --urls http://127.0.0.1:{port}")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CrmStorage"] = connectionString;
        start.Environment["Privacy__KeySecret"] = BarometerBenchHost.BenchSecret;
        start.Environment["Runner__Enabled"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilReadyAsync(HttpClient http)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                using var response = await http.GetAsync("/");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException("The app did not start.");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
