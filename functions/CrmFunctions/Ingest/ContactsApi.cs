using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Intake;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Ingest;

public static partial class ContactsApi
{
    public static IEndpointRouteBuilder MapContactsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/contacts", PostContactsAsync)
            .WithName("PostContacts")
            .WithTags("Intake")
            .WithSummary("Accept one contact or a batch (up to 500)")
            .WithDescription("Body: a contact object, a JSON array of contacts, or { \"source\": \"pms\", \"contacts\": [...] }. " +
                "Answers 202 once the raw body is archived and every contact is queued for the pipeline. " +
                "Send an Idempotency-Key header to make retries safe.")
            .Accepts<ContactBatch>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>The batch shape of the contacts body.</summary>
    public sealed record ContactBatch(string? Source, IReadOnlyList<ContactInput?>? Contacts);

    private static async Task<IResult> PostContactsAsync(HttpRequest request, IngestionService ingestion, GuestKeyer guestKeys,
        IOptions<IntakeOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadJsonAsync(request, options.Value.MaxBodyBytes, cancellationToken);
        if (problem is not null)
            return problem;

        var (batch, isBatch, shapeProblem) = ReadBatch(body!.Json, request.Query["source"]);
        if (shapeProblem is not null)
            return shapeProblem;

        var errors = new ValidationErrors();
        var source = batch!.Source ?? "api";
        if (!SourceName().IsMatch(source))
            errors.Add("source", "must be 1-40 letters, digits, '-' or '_'.");
        var contacts = batch.Contacts ?? [];
        if (contacts.Count == 0)
            errors.Add("contacts", "must hold at least one contact.");
        if (contacts.Count > options.Value.MaxBatchSize)
            errors.Add("contacts", $"must hold at most {options.Value.MaxBatchSize} contacts; split the batch.");
        var now = clock.GetUtcNow();
        for (var i = 0; i < contacts.Count && errors.All.Count < 200; i++)
            ContactValidator.Validate(contacts[i], isBatch ? FieldPath.Index("contacts", i) : "", now, errors);
        if (!errors.IsEmpty)
            return Problems.Validation(errors, isBatch ? "Fix the listed contacts; nothing of the batch was accepted." : null);

        var idempotencyKey = request.Headers["Idempotency-Key"].FirstOrDefault();
        if (idempotencyKey is { Length: > 200 })
            return Problems.Validation(KeyTooLong());
        var accept = new IngestionRequest("contacts", source, body.Bytes, "application/json", idempotencyKey,
            ticket => Prepare(ticket, source, contacts!, guestKeys))
        {
            // A contact's phone is read in its own country, as the pipeline reads it.
            GuestKeys = [.. contacts.SelectMany(c => (c!.Emails ?? []).Select(guestKeys.OfEmail)
                .Concat((c.Phones ?? []).Select(p => guestKeys.OfPhone(p, c.Country ?? c.Address?.Country)))).OfType<string>().Distinct(StringComparer.Ordinal)],
        };
        return await IntakeResponses.AcceptAsync(ingestion, accept, request.HttpContext.Response, cancellationToken);
    }

    private static IngestionWork Prepare(IngestionTicket ticket, string source, IReadOnlyList<ContactInput?> contacts, GuestKeyer guestKeys)
    {
        var messages = contacts.Select((contact, index) => (QueueNames.ContactsNormalize, JsonSerializer.Serialize(new ContactEnvelope
        {
            IngestionId = ticket.IngestionId,
            Index = index,
            Source = source,
            ReceivedAt = ticket.ReceivedAt,
            Contact = contact!,
        }, IntakeJson.Options))).ToList();
        var receipt = new JsonObject
        {
            ["contacts"] = new JsonArray(contacts.Select((_, index) => (JsonNode)new JsonObject
            {
                ["index"] = index,
                ["ref"] = ContactRef(ticket.IngestionId, index),
            }).ToArray()),
        };
        // A stay is a barometer fact (the denominator of complaints per 100 stays) as soon as it is accepted.
        var stays = contacts
            .Select((contact, index) => StayRows.ToEntity(source, ticket, index, contact!, guestKeys))
            .OfType<TableEntity>()
            .Select(row => (Table: TableNames.Stays, Entity: row))
            .ToList();
        return new IngestionWork(stays, messages, contacts.Count, receipt);
    }

    /// <summary>Identifies one contact of an ingestion until the pipeline gives it its golden ContactId.</summary>
    public static string ContactRef(string ingestionId, int index) => $"{ingestionId}-{index}";

    private static (ContactBatch? Batch, bool IsBatch, IResult? Problem) ReadBatch(JsonElement json, string? querySource)
    {
        try
        {
            switch (json.ValueKind)
            {
                case JsonValueKind.Array:
                    return (new ContactBatch(querySource, json.Deserialize<List<ContactInput?>>(IntakeJson.Options)), true, null);
                case JsonValueKind.Object when json.TryGetProperty("contacts", out _):
                    var batch = json.Deserialize<ContactBatch>(IntakeJson.Options)!;
                    return (batch with { Source = batch.Source ?? querySource }, true, null);
                case JsonValueKind.Object:
                    return (new ContactBatch(querySource, [json.Deserialize<ContactInput>(IntakeJson.Options)]), false, null);
                default:
                    var errors = new ValidationErrors();
                    errors.Add("$", "must be a contact object, an array of contacts or { \"contacts\": [...] }.");
                    return (null, false, Problems.Validation(errors));
            }
        }
        catch (JsonException e)
        {
            return (null, false, Problems.WrongType(e));
        }
    }

    private static ValidationErrors KeyTooLong()
    {
        var errors = new ValidationErrors();
        errors.Add("Idempotency-Key", "must be at most 200 characters.");
        return errors;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    public static partial Regex SourceName();
}
