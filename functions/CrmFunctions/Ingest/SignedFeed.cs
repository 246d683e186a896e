using System.Text.Json.Nodes;
using Azure;
using CrmFunctions.Core.Intake;
using CrmFunctions.Storage;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Ingest;

/// <summary>Checks one item of a delivery, naming its fields under <paramref name="path"/> ("" for a lone item).</summary>
public delegate void ItemValidator<in T>(T? item, string path, DateTimeOffset now, ValidationErrors errors);

/// <summary>
/// What accepting a valid batch writes (rows, messages, receipt) once it has an ingestion ticket. It may read storage
/// first; a storage failure then is a 503 before anything is accepted.
/// </summary>
public delegate ValueTask<Func<IngestionTicket, IngestionWork>> FeedWork<T>(ValidBatch<T> batch, CancellationToken cancellationToken);

/// <summary>One item of a delivery: its position in the body, the path its fields are named under, and the item as sent.</summary>
public sealed record DeliveredItem<T>(int Index, string Path, T? Value);

/// <summary>A delivery whose sender is verified: the source whose secret it was checked with, the raw body and its items.</summary>
public sealed record Delivery<T>(string Source, RequestBody.Read Body, IReadOnlyList<DeliveredItem<T>> Items, bool IsBatch);

/// <summary>The items of a delivery once all of them are valid, each with its position in the body.</summary>
public sealed record ValidBatch<T>(string Source, IReadOnlyList<(int Index, T Item)> Items, IServiceProvider Services);

/// <summary>
/// A signed intake feed, declared by what sets it apart from the others. What every feed does the same way is
/// <see cref="SignedFeeds"/>: the body read with its size limit, the Standard Webhooks signature, one item or a batch,
/// validation naming each field, idempotency, the raw archive, rows and messages, and the 202 receipt.
/// </summary>
public sealed record SignedFeed<T> where T : class
{
    public required string Route { get; init; }

    /// <summary>The endpoint's name: the function's name in the registry.</summary>
    public required string Name { get; init; }

    public required string Summary { get; init; }

    public required string Description { get; init; }

    /// <summary>The ingestion's kind, also the folder of its raw archive.</summary>
    public required string Kind { get; init; }

    /// <summary>The source when ?source= is absent; a source's secret verifies its signature.</summary>
    public required string DefaultSource { get; init; }

    /// <summary>The list of a batch body, { "{Member}": [...] }; null when a delivery carries exactly one item.</summary>
    public string? Member { get; init; }

    public required ItemValidator<T> Validate { get; init; }

    /// <summary>
    /// What makes a delivery a replay. By default its body: a redelivery is a replay, a corrected body is accepted again.
    /// A feed whose items carry the sender's id can key on it instead, so a re-sent item is a replay whatever its bytes.
    /// </summary>
    public Func<ValidBatch<T>, string>? ReplayKey { get; init; }

    public required FeedWork<T> Work { get; init; }

    /// <summary>
    /// The e-mails and phones an item names, so the archive can note whose payload it is (as keyed hashes): an erasure
    /// then reads only the payloads that may hold its guest. Null when not declared: every erasure reads the payload.
    /// </summary>
    public Func<T, ContactPoint?>? ContactPoint { get; init; }
}

/// <summary>How the receipt of a one-row-per-item feed names things: { "{PartitionMember}": ..., "{ListMember}": [{ "index", "{IdMember}", "rowKey" }] }.</summary>
public sealed record RowReceipt<T>(string PartitionMember, string ListMember, string IdMember, Func<T, string?> Id);

public static class SignedFeeds
{
    /// <summary>Validation stops collecting here: a sender fixing a 500-item batch needs the pattern, not every line.</summary>
    private const int MaxErrors = 200;

    public static RouteHandlerBuilder MapSignedFeed<T>(this IEndpointRouteBuilder app, SignedFeed<T> feed) where T : class =>
        app.MapPost(feed.Route, (HttpRequest request, IngestionService ingestion, WebhookVerifier verifier,
                IOptions<IntakeOptions> options, TimeProvider clock, CancellationToken cancellationToken) =>
                PostAsync(feed, request, ingestion, verifier, options.Value, clock, cancellationToken))
            .WithName(feed.Name)
            .WithTags("Intake")
            .WithSummary(feed.Summary)
            .WithDescription(feed.Description)
            .Accepts<T>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>A feed's work that needs nothing but the batch and its ticket.</summary>
    public static FeedWork<T> Writes<T>(
        Func<IngestionTicket, ValidBatch<T>, IngestionWork> prepare) =>
        (batch, _) => ValueTask.FromResult<Func<IngestionTicket, IngestionWork>>(ticket => prepare(ticket, batch));

    /// <summary>
    /// A feed's work when each item is one row of one table (partitioned by the day received), its receipt naming the
    /// partition and, per item, its index, the sender's id and the row key.
    /// </summary>
    public static FeedWork<T> OneRowEach<T>(
        string table, Func<string, IngestionTicket, T, TableEntity> toRow, RowReceipt<T> receipt) => Writes<T>((ticket, batch) =>
    {
        var rows = batch.Items.Select(i => (table, toRow(batch.Source, ticket, i.Item))).ToList();
        var items = batch.Items.Select((item, row) => (JsonNode)new JsonObject
        {
            ["index"] = item.Index,
            [receipt.IdMember] = receipt.Id(item.Item),
            ["rowKey"] = rows[row].Item2.RowKey,
        });
        var json = new JsonObject
        {
            [receipt.PartitionMember] = SurveyRows.Partition(ticket.ReceivedAt),
            [receipt.ListMember] = new JsonArray(items.ToArray()),
        };
        return new IngestionWork(rows, [], rows.Count, json);
    });

    private static async Task<IResult> PostAsync<T>(SignedFeed<T> feed, HttpRequest request, IngestionService ingestion,
        WebhookVerifier verifier, IntakeOptions options, TimeProvider clock, CancellationToken cancellationToken) where T : class
    {
        var (signed, problem) = await SignedBatch.ReadAsync(request, feed.DefaultSource, verifier, options, cancellationToken);
        if (problem is not null)
            return problem;
        var (items, isBatch, shapeProblem) = SignedBatch.Items<T>(signed!.Body.Json, feed.Member, options.MaxBatchSize);
        if (shapeProblem is not null)
            return shapeProblem;
        var delivered = items.Select((item, i) => new DeliveredItem<T>(i, SignedBatch.ItemPath(feed.Member, isBatch, i), item)).ToList();
        var delivery = new Delivery<T>(signed.Source, signed.Body, delivered, isBatch);
        return await AcceptAsync(feed, delivery, new ValidationErrors(), request.HttpContext, ingestion, clock, cancellationToken);
    }

    /// <summary>
    /// Validates every item, then accepts the whole delivery or nothing of it. Endpoints that read and verify a
    /// sender's own format (Typeform, Brevo) come in here with their adapter's errors.
    /// </summary>
    public static async Task<IResult> AcceptAsync<T>(SignedFeed<T> feed, Delivery<T> delivery, ValidationErrors errors,
        HttpContext context, IngestionService ingestion, TimeProvider clock, CancellationToken cancellationToken) where T : class
    {
        var now = clock.GetUtcNow();
        foreach (var item in delivery.Items.TakeWhile(_ => errors.All.Count < MaxErrors))
            feed.Validate(item.Value, item.Path, now, errors);
        if (!errors.IsEmpty)
            return Problems.Validation(errors, delivery.IsBatch ? $"Fix the listed {feed.Member}; nothing of the batch was accepted." : null);

        var batch = new ValidBatch<T>(delivery.Source, delivery.Items.Select(i => (i.Index, i.Value!)).ToList(), context.RequestServices);
        Func<IngestionTicket, IngestionWork> prepare;
        try
        {
            prepare = await feed.Work(batch, cancellationToken);
        }
        catch (RequestFailedException)
        {
            context.Response.Headers.RetryAfter = "5";
            return Problems.Unavailable();
        }
        var keyer = context.RequestServices.GetRequiredService<Privacy.GuestKeyer>();
        var accept = new IngestionRequest(feed.Kind, delivery.Source, delivery.Body.Bytes, "application/json",
            feed.ReplayKey?.Invoke(batch) ?? SignedBatch.BodyKey(delivery.Source, delivery.Body.Bytes), prepare)
        {
            RequireSameBody = feed.ReplayKey is null,
            GuestKeys = feed.ContactPoint is { } of
                ? keyer.AllOf(batch.Items.Select(i => of(i.Item)?.Email), batch.Items.Select(i => of(i.Item)?.Phone))
                : null,
        };
        return await IntakeResponses.AcceptAsync(ingestion, accept, context.Response, cancellationToken);
    }
}
