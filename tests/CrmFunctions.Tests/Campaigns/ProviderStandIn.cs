using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CrmFunctions.Tests.Campaigns;

/// <summary>A request the stand-in received.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
}

/// <summary>An answer to give: status, body, Retry-After seconds.</summary>
public sealed record ScriptedAnswer(HttpStatusCode Status, string? Body = null, int? RetryAfterSeconds = null);

/// <summary>
/// A real HTTP server on a free local port standing in for Brevo (or a webhook receiver): it records every request
/// and answers 201 with a message id as Brevo documents, unless an answer was scripted for the next request.
/// </summary>
public sealed class ProviderStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedAnswer> _script = new();
    private int _count;

    private ProviderStandIn()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(AnswerAsync);
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Started before the app under test is configured with its address.</summary>
    public static ProviderStandIn Start()
    {
        var standIn = new ProviderStandIn();
        standIn._app.Start();
        var address = standIn._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.BaseUrl = new Uri(address);
        return standIn;
    }

    /// <summary>The next request gets this answer instead of a 201.</summary>
    public void AnswerNext(ScriptedAnswer answer) => _script.Enqueue(answer);

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body));
        var n = Interlocked.Increment(ref _count);
        var answer = _script.TryDequeue(out var scripted) ? scripted
            // Brevo: an e-mail's message id is a string, an SMS's a number.
            : context.Request.Path.StartsWithSegments("/v3/transactionalSMS")
                ? new ScriptedAnswer(HttpStatusCode.Created, $$"""{"messageId":{{1511882900176220 + n}}}""")
                : new ScriptedAnswer(HttpStatusCode.Created, $$"""{"messageId":"<{{n}}.stand-in@smtp-relay.mailin.fr>"}""");
        context.Response.StatusCode = (int)answer.Status;
        if (answer.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (answer.Body is { } text)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(text);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
