using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Campaigns;
using CrmFunctions.Core.Campaigns;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Intake;
using CrmFunctions.Core.Surveys;
using CrmFunctions.Storage;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Ingest;

public static class CampaignEventsApi
{
    public const string BrevoSource = "brevo";

    public static readonly SignedFeed<CampaignEventInput> Feed = new()
    {
        Route = "/api/campaign-events",
        Name = "PostCampaignEvents",
        Summary = "Accept e-mail/SMS platform events, one or a batch (up to 500; signed webhook)",
        Description = "Body: an event, a JSON array of them or { \"events\": [...] }. Signed after the Standard Webhooks scheme " +
            "with the secret of ?source= (default 'campaign-events'). unsubscribed and spam_complaint withdraw the guest's consent; " +
            "an SMS reply 0-10 to a delivered survey invitation becomes an NPS answer; STOP (STOPALL, UNSUBSCRIBE, ARRET, ... in any case " +
            "or spacing) is an unsubscribe. A withdrawal keeps the provider and the event's messageId as its proof.",
        Kind = "campaign-events",
        DefaultSource = "campaign-events",
        Member = "events",
        Validate = CampaignEventValidator.Validate,
        ContactPoint = e => e.Contact,
        Work = (batch, cancellationToken) => WorkAsync(batch, [], cancellationToken),
    };

    public static IEndpointRouteBuilder MapCampaignEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapSignedFeed(Feed);
        app.MapPost("/api/campaign-events/brevo", PostBrevoEventsAsync)
            .WithName("PostBrevoEvents")
            .WithTags("Intake")
            .WithSummary("Accept Brevo transactional e-mail webhooks (one event or a batched array)")
            .WithDescription("Brevo's own payload. Configure the webhook with the secret of source 'brevo' as bearer token " +
                "(Authorization: Bearer {secret}) or as the basic-auth password in the notify URL. Tag messages property:{id}, " +
                "survey:{id}, campaign:{id}, segment:{name}.")
            .Accepts<JsonElement>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>
    /// Brevo sends a fixed credential instead of a signature, and its own payload: its tracked events are then accepted as
    /// events of the feed; the others are archived and listed in the receipt as ignored.
    /// </summary>
    private static async Task<IResult> PostBrevoEventsAsync(HttpRequest request, IngestionService ingestion, WebhookVerifier verifier,
        IOptions<IntakeOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (verifier.VerifySharedSecret(BrevoSource, request.Headers) is { } unauthorized)
            return unauthorized;
        var (body, problem) = await RequestBody.ReadJsonAsync(request, options.Value.MaxBodyBytes, cancellationToken);
        if (problem is not null)
            return problem;

        var errors = new ValidationErrors();
        var mapped = BrevoAdapter.Map(body!.Json, errors);
        if (mapped.Count > options.Value.MaxBatchSize)
            errors.Add("$", $"must hold at most {options.Value.MaxBatchSize} events; lower the batch size of the webhook.");
        var isBatch = body.Json.ValueKind == JsonValueKind.Array;
        var tracked = mapped.Where(e => e.Mapped is not null)
            .Select(e => new DeliveredItem<CampaignEventInput>(e.Index, isBatch ? $"[{e.Index}]" : "", e.Mapped))
            .ToList();
        var ignored = mapped.Where(e => e.Mapped is null).ToList();
        // Events ignored are archived too, and their contacts are not read: such a payload stays one every erasure reads.
        var feed = Feed with { Work = (batch, token) => WorkAsync(batch, ignored, token), ContactPoint = ignored.Count == 0 ? Feed.ContactPoint : null };
        return await SignedFeeds.AcceptAsync(feed, new Delivery<CampaignEventInput>(BrevoSource, body, tracked, isBatch), errors,
            request.HttpContext, ingestion, clock, cancellationToken);
    }

    private static async ValueTask<Func<IngestionTicket, IngestionWork>> WorkAsync(ValidBatch<CampaignEventInput> batch,
        IReadOnlyList<BrevoEvent> ignored, CancellationToken cancellationToken)
    {
        var invitations = await FindInvitationsAsync(batch.Items, batch.Services.GetRequiredService<StorageServices>(), cancellationToken);
        var sent = await AttachToTriggersAsync(batch.Items, batch.Services.GetRequiredService<SentLog>(), cancellationToken);
        return ticket => Prepare(ticket, batch.Source, batch.Items, ignored, invitations, sent);
    }

    /// <summary>
    /// The loop closed: each event about a message campaign dispatch sent is recorded on its trigger (the latest per
    /// message), found by the provider's message id with point reads. Returns the triggers found, by message id.
    /// Recorded before the events are stored: a failed store is retried by the provider, and recording again is harmless.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, SendRow>> AttachToTriggersAsync(IReadOnlyList<(int Index, CampaignEventInput Event)> events,
        SentLog log, CancellationToken cancellationToken)
    {
        var latest = events.Select(a => a.Event)
            .Where(e => DeliveryProgress.Tracks(e.Type) && !string.IsNullOrWhiteSpace(e.MessageId) && e.Time is not null)
            .GroupBy(e => e.MessageId!, StringComparer.Ordinal)
            .Select(g => g.Aggregate((best, e) => DeliveryProgress.Supersedes(e.Type!.ToLowerInvariant(), e.Time!.Value, best.Type!.ToLowerInvariant(), best.Time) ? e : best))
            .ToList();
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, SendRow>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(latest, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (e, ct) =>
        {
            if (await log.RecordDeliveryAsync(e.MessageId!, e.Provider, e.Type!.ToLowerInvariant(), e.Time!.Value, ct) is { } trigger)
                found[e.MessageId!] = trigger;
        });
        return found;
    }

    /// <summary>A number answered by SMS: what it means, or null for any other event.</summary>
    private static SmsReplyMeaning? SmsMeaning(CampaignEventInput e) =>
        e.Type!.Equals(CampaignVocabulary.InboundReply, StringComparison.OrdinalIgnoreCase) && e.EffectiveChannel == CampaignVocabulary.Sms
            ? SmsReply.Interpret(e.Text)
            : null;

    /// <summary>For each reply that is a score: the invitation it answers, from this batch or from an earlier delivery.</summary>
    private static async Task<Dictionary<int, CampaignInvitationRows.Invitation?>> FindInvitationsAsync(
        IReadOnlyList<(int Index, CampaignEventInput Event)> events,
        StorageServices storage, CancellationToken cancellationToken)
    {
        var found = new Dictionary<int, CampaignInvitationRows.Invitation?>();
        var deliveredHere = events
            .Where(a => a.Event.Type!.Equals(CampaignVocabulary.Delivered, StringComparison.OrdinalIgnoreCase))
            .Select(a => (Key: CampaignInvitationRows.Key(a.Event.Provider, a.Event.CampaignId, a.Event.Contact?.Phone), a.Event))
            .Where(d => d.Key is not null)
            .ToList();
        foreach (var (index, e) in events)
        {
            if (SmsMeaning(e) is not { Kind: SmsReplyKind.Score })
                continue;
            if (CampaignInvitationRows.Key(e.Provider, e.CampaignId, e.Contact?.Phone) is not { } key)
            {
                found[index] = null;
                continue;
            }
            if (deliveredHere.LastOrDefault(d => d.Key == key) is { Event: { } delivered })
            {
                found[index] = new CampaignInvitationRows.Invitation(delivered.PropertyId, delivered.SurveyId, delivered.Segment);
                continue;
            }
            var row = await storage.GetTableClient(TableNames.CampaignInvitations).GetEntityOrDefaultAsync(key.Partition, key.Row,
                cancellationToken: cancellationToken);
            found[index] = row is null ? null : CampaignInvitationRows.FromEntity(row);
        }
        return found;
    }

    private static IngestionWork Prepare(IngestionTicket ticket, string source, IReadOnlyList<(int Index, CampaignEventInput Event)> events,
        IReadOnlyList<BrevoEvent> ignored, IReadOnlyDictionary<int, CampaignInvitationRows.Invitation?> invitations,
        IReadOnlyDictionary<string, SendRow> sent)
    {
        var rows = new List<(string, TableEntity)>();
        var messages = new List<(string, string)>();
        var receiptItems = new JsonArray();
        var surveys = new List<TableEntity>();
        foreach (var (index, e) in events)
        {
            var row = CampaignEventRows.ToEntity(source, ticket, e);
            var type = e.Type!.ToLowerInvariant();
            var item = new JsonObject { ["index"] = index, ["eventId"] = row.RowKey, ["type"] = type };
            if (e.MessageId is { } messageId && sent.GetValueOrDefault(messageId) is { } trigger)
            {
                item["triggerId"] = trigger.DeduplicationKey;
                // A survey invitation this system sent: its delivered event is the invitation fact the response rate
                // counts (FactFeed.Invitation), whether or not the provider echoed the survey back.
                if (type == CampaignVocabulary.Delivered && string.IsNullOrEmpty(e.SurveyId) && trigger.SurveyId is { Length: > 0 } surveyId)
                {
                    row["SurveyId"] = surveyId;
                    if (string.IsNullOrEmpty(e.PropertyId) && trigger.PropertyId is { Length: > 0 } propertyId) row["PropertyId"] = propertyId;
                }
            }
            if (type == CampaignVocabulary.Delivered && e.EffectiveChannel == CampaignVocabulary.Sms
                && CampaignInvitationRows.ToEntity(ticket, e) is { } invitation)
                rows.Add((TableNames.CampaignInvitations, invitation));

            var meaning = SmsMeaning(e);
            if (CampaignVocabulary.WithdrawsConsent(type) || meaning?.Kind == SmsReplyKind.Stop)
            {
                messages.Add((QueueNames.ContactsNormalize, ConsentWithdrawal(ticket, source, index, e)));
                item["consentWithdrawn"] = e.EffectiveChannel;
                if (meaning?.Kind == SmsReplyKind.Stop)
                    row["Interpretation"] = "unsubscribe";
            }
            if (meaning is { Kind: SmsReplyKind.Score, Score: { } score })
            {
                row["Interpretation"] = "nps";
                row["Nps"] = score;
                if (invitations.GetValueOrDefault(index) is { PropertyId: { Length: > 0 } } invited)
                {
                    var survey = NpsAnswer(ticket, e, invited, score);
                    surveys.Add(survey);
                    rows.Add((TableNames.Surveys, survey));
                    row["SurveyRowKey"] = survey.RowKey;
                    item["survey"] = new JsonObject
                    {
                        ["surveyId"] = survey.RowKey,
                        ["surveyPartition"] = survey.PartitionKey,
                        ["propertyId"] = invited.PropertyId,
                        ["nps"] = score,
                    };
                }
                else
                {
                    item["note"] = "Kept as an event only: no delivered survey invitation with a propertyId is known for this " +
                        "provider, campaignId and phone, so the score is not an NPS answer.";
                }
            }
            rows.Add((TableNames.CampaignEvents, row));
            receiptItems.Add(item);
        }

        var receipt = new JsonObject
        {
            ["eventPartition"] = SurveyRows.Partition(ticket.ReceivedAt),
            ["events"] = receiptItems,
        };
        if (ignored.Count > 0)
            receipt["ignored"] = new JsonArray(ignored.Select(i => (JsonNode)new JsonObject
            {
                ["index"] = i.Index,
                ["event"] = i.Event,
                ["reason"] = "not a tracked event type; archived only",
            }).ToArray());
        if (surveys.Count == 1)
        {
            // GET /api/ingestions/{id} then also shows the stored answer, as for a survey webhook.
            receipt["surveyId"] = surveys[0].RowKey;
            receipt["surveyPartition"] = surveys[0].PartitionKey;
        }
        return new IngestionWork(rows, messages, events.Count, receipt);
    }

    /// <summary>The reply as a survey row, exactly as POST /api/surveys would store it (source = the provider).</summary>
    private static TableEntity NpsAnswer(IngestionTicket ticket, CampaignEventInput e, CampaignInvitationRows.Invitation invited, int score)
    {
        var survey = new SurveyInput
        {
            SurveyId = invited.SurveyId,
            ResponseId = e.MessageId,
            PropertyId = invited.PropertyId,
            Channel = CampaignVocabulary.Sms,
            Segment = invited.Segment,
            Respondent = new SurveyRespondent { Phone = e.Contact?.Phone },
            Nps = score,
            SubmittedAt = e.Time,
        };
        return SurveyRows.ToEntity(SurveysApi.SurveyId(e.Provider!, e.MessageId!), e.Provider!, ticket, survey);
    }

    /// <summary>
    /// Unsubscribe, spam complaint or SMS STOP: the golden-record pipeline applies it (latest consent wins there). Its proof
    /// is the platform and its message id, which also finds the stored event saying which of the three it was, and the
    /// guest's IP when the platform gave one.
    /// </summary>
    private static string ConsentWithdrawal(IngestionTicket ticket, string source, int index, CampaignEventInput e)
    {
        var sms = e.EffectiveChannel == CampaignVocabulary.Sms;
        return JsonSerializer.Serialize(new ContactEnvelope
        {
            IngestionId = ticket.IngestionId,
            Index = index,
            Source = source,
            ReceivedAt = ticket.ReceivedAt,
            Contact = new ContactInput
            {
                Emails = sms || e.Contact?.Email is null ? null : [e.Contact.Email],
                Phones = sms && e.Contact?.Phone is not null ? [e.Contact.Phone] : null,
                Consents =
                [
                    new ConsentInput
                    {
                        Channel = sms ? CampaignVocabulary.Sms : CampaignVocabulary.Email,
                        Granted = false,
                        At = e.Time,
                        Source = e.Provider!.ToLowerInvariant(),
                        Evidence = new ConsentEvidenceInput { MessageId = e.MessageId, Ip = e.Ip },
                    },
                ],
            },
        }, IntakeJson.Options);
    }
}
