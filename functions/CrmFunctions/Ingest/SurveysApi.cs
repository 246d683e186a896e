using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Intake;
using CrmFunctions.Core.Surveys;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Ingest;

public static class SurveysApi
{
    public const string TypeformSource = "typeform";

    public static readonly SignedFeed<SurveyInput> Feed = new()
    {
        Route = "/api/surveys",
        Name = "PostSurveys",
        Summary = "Accept one post-stay survey answer (signed webhook)",
        Description = "Signed after the Standard Webhooks scheme with the secret of ?source= (default 'surveys'). " +
            "The same source + responseId delivered twice is stored once; the second answer says replay: true.",
        Kind = "surveys",
        DefaultSource = "surveys",
        Validate = (survey, _, now, errors) => SurveyValidator.Validate(survey, now, errors),
        // A survey tool may resend an answer with other bytes (a new delivery timestamp inside): the response id decides.
        ReplayKey = batch => $"{batch.Source}\n{batch.Items[0].Item.ResponseId}",
        ContactPoint = s => s.Respondent is { } r ? new ContactPoint { Email = r.Email, Phone = r.Phone } : null,
        Work = SignedFeeds.Writes<SurveyInput>((ticket, batch) => Prepare(ticket, batch.Source, batch.Items[0].Item)),
    };

    public static IEndpointRouteBuilder MapSurveysApi(this IEndpointRouteBuilder app)
    {
        app.MapSignedFeed(Feed);
        app.MapPost("/api/surveys/typeform", PostTypeformAsync)
            .WithName("PostTypeformSurvey")
            .WithTags("Intake")
            .WithSummary("Accept a Typeform form_response webhook")
            .WithDescription("Typeform's own payload and Typeform-Signature header; question refs and hidden fields as in the README.")
            .Accepts<JsonElement>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    /// <summary>Typeform signs its own way and sends its own payload; once mapped, the answer is accepted as any survey.</summary>
    private static async Task<IResult> PostTypeformAsync(HttpRequest request, IngestionService ingestion, WebhookVerifier verifier,
        IOptions<IntakeOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadJsonAsync(request, options.Value.MaxBodyBytes, cancellationToken);
        if (problem is not null)
            return problem;
        if (verifier.VerifyTypeform(request.Headers, body!.Bytes) is { } unauthorized)
            return unauthorized;
        var errors = new ValidationErrors();
        var survey = TypeformAdapter.Map(body.Json, errors);
        if (!errors.IsEmpty)
            return Problems.Validation(errors);
        var delivery = new Delivery<SurveyInput>(TypeformSource, body, [new(0, "", survey)], IsBatch: false);
        return await SignedFeeds.AcceptAsync(Feed, delivery, errors, request.HttpContext, ingestion, clock, cancellationToken);
    }

    /// <summary>Stable per source and response id, so a redelivered answer maps to the same row.</summary>
    public static string SurveyId(string source, string responseId) =>
        "sv-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{source}\n{responseId}")))[..24];

    private static IngestionWork Prepare(IngestionTicket ticket, string source, SurveyInput survey)
    {
        var surveyId = SurveyId(source, survey.ResponseId!);
        var row = SurveyRows.ToEntity(surveyId, source, ticket, survey);
        var messages = new List<(string, string)>();
        var receipt = new JsonObject { ["surveyId"] = surveyId, ["surveyPartition"] = row.PartitionKey };
        if (RespondentContact(survey) is { } contact)
        {
            messages.Add((QueueNames.ContactsNormalize, JsonSerializer.Serialize(new ContactEnvelope
            {
                IngestionId = ticket.IngestionId,
                Index = 0,
                Source = source,
                ReceivedAt = ticket.ReceivedAt,
                Contact = contact,
                Survey = new SurveyRef(surveyId, row.PartitionKey),
            }, IntakeJson.Options)));
            receipt["contacts"] = new JsonArray(new JsonObject { ["index"] = 0, ["ref"] = ContactsApi.ContactRef(ticket.IngestionId, 0) });
        }
        return new IngestionWork([(TableNames.Surveys, row)], messages, 1, receipt);
    }

    /// <summary>The respondent joins the golden-record pipeline like any contact, with the stay the survey is about.</summary>
    private static ContactInput? RespondentContact(SurveyInput survey)
    {
        var r = survey.Respondent;
        if (r is null || (r.Email is null && r.Phone is null && r.ExternalIds is not { Count: > 0 }))
            return null;
        return new ContactInput
        {
            GivenName = r.GivenName,
            FamilyName = r.FamilyName,
            Emails = r.Email is null ? null : [r.Email],
            Phones = r.Phone is null ? null : [r.Phone],
            ExternalIds = r.ExternalIds,
            Language = survey.Language,
            Stay = new StayInput { PropertyId = survey.PropertyId, Arrival = survey.Arrival, Departure = survey.Departure },
        };
    }
}
