using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CrmFunctions.Campaigns.StandIn;

/// <summary>
/// A local stand-in for Brevo's transactional API (see <see cref="BrevoStandInAnswers"/>), for running the app and its
/// benchmarks without Brevo: point Campaigns__Brevo__BaseUrl at it. Each request is written to stdout and, as a JSON
/// line, to a file, with its kind, template and message id but without the recipient's address or name.
/// </summary>
public sealed class BrevoStandIn : IAsyncDisposable
{
    public const string SummaryPath = "/standin/summary";

    // Message ids hold '<' and '>': written as they are, for a file read by people and grep.
    private static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WebApplication _app;
    private readonly StreamWriter? _file;
    private readonly TextWriter? _console;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly ConcurrentDictionary<(string Channel, string Kind), int> _sent = new();
    private long _sequence;

    private BrevoStandIn(string url, string? requestsFile, TextWriter? console)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(AnswerAsync);
        _console = console;
        if (requestsFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(requestsFile))!);
            _file = new StreamWriter(requestsFile, append: true) { AutoFlush = true };
        }
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Messages taken (201) so far, by channel and kind.</summary>
    public IReadOnlyDictionary<(string Channel, string Kind), int> Sent => _sent;

    /// <param name="port">0 for a free port.</param>
    /// <param name="requestsFile">Where each request is appended as a JSON line; null for none.</param>
    /// <param name="console">Where each request is logged in one line; null for none.</param>
    public static async Task<BrevoStandIn> StartAsync(int port, string? requestsFile, TextWriter? console, CancellationToken cancellationToken)
    {
        var standIn = new BrevoStandIn(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"), requestsFile, console);
        await standIn._app.StartAsync(cancellationToken).ConfigureAwait(false);
        standIn.BaseUrl = new Uri(standIn._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return standIn;
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    private object Summary() => new
    {
        sent = _sent.GroupBy(s => s.Key.Channel).ToDictionary(g => g.Key, g => g.ToDictionary(s => s.Key.Kind, s => s.Value)),
        total = _sent.Values.Sum(),
    };

    private async Task AnswerAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path == SummaryPath)
        {
            await context.Response.WriteAsJsonAsync(Summary(), context.RequestAborted).ConfigureAwait(false);
            return;
        }
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var answer = BrevoStandInAnswers.Of(context.Request.Method, context.Request.Path.Value ?? "", context.Request.Headers["api-key"].FirstOrDefault(),
            body, Interlocked.Increment(ref _sequence), DateTimeOffset.UtcNow);
        if (answer.Record is { } record)
        {
            if (record.Status == 201) _sent.AddOrUpdate((record.Channel, record.Kind), 1, (_, n) => n + 1);
            await KeepAsync(record, context.RequestAborted).ConfigureAwait(false);
        }
        context.Response.StatusCode = (int)answer.Status;
        await context.Response.WriteAsJsonAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task KeepAsync(BrevoStandInAnswers.StandInRecord record, CancellationToken cancellationToken)
    {
        if (_console is null && _file is null) return;
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_console is not null)
                await _console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"brevo-standin {record.Status} {record.Channel} {record.Kind}{(record.TemplateId is { } t ? $" template {t}" : "")} {record.MessageId ?? record.Error}"))
                    .ConfigureAwait(false);
            if (_file is not null)
                await _file.WriteLineAsync(JsonSerializer.Serialize(record, LineJson)).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_file is not null) await _file.DisposeAsync().ConfigureAwait(false);
        _writing.Dispose();
    }
}
