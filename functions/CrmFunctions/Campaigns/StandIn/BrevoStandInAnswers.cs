using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrmFunctions.Campaigns.StandIn;

/// <summary>
/// What the local Brevo stand-in answers, as Brevo's API reference documents it: POST /v3/smtp/email → 201
/// {"messageId":"&lt;…@smtp-relay.mailin.fr&gt;"}; POST /v3/transactionalSMS/send → 201 {"reference","messageId" (a number),
/// "smsCount","usedCredits","remainingCredits"}; no api-key → 401; a body missing what Brevo requires → 400
/// {"code","message"}; any other path → 404. Also what is kept of a request: no address, no name.
/// </summary>
public static class BrevoStandInAnswers
{
    public const string EmailPath = "/v3/smtp/email";
    public const string SmsPath = "/v3/transactionalSMS/send";

    public sealed record Answer(HttpStatusCode Status, JsonObject Body, StandInRecord? Record);

    /// <summary>A request as the stand-in keeps it: path, status, message id, template, kind tags and counts, never the recipient.</summary>
    public sealed record StandInRecord(DateTimeOffset At, string Path, int Status, string? MessageId, long? TemplateId, IReadOnlyList<string> Tags,
        int Recipients, string? IdempotencyKey, string? Error)
    {
        /// <summary>The trigger kind: the first tag that is not "name:value" (dispatch tags its messages with the kind).</summary>
        public string Kind => Tags.FirstOrDefault(t => !t.Contains(':', StringComparison.Ordinal)) ?? "untagged";

        public string Channel => Path == SmsPath ? "sms" : "email";
    }

    /// <param name="sequence">A number unique to the request, making its message id.</param>
    public static Answer Of(string method, string path, string? apiKey, string body, long sequence, DateTimeOffset now)
    {
        if (method != "POST" || path is not (EmailPath or SmsPath))
            return new Answer(HttpStatusCode.NotFound, Error("not_found", "Only POST /v3/smtp/email and POST /v3/transactionalSMS/send are stood in for."), null);
        if (string.IsNullOrWhiteSpace(apiKey))
            return Refused(HttpStatusCode.Unauthorized, "unauthorized", "Key not found", path, now);
        JsonObject? request;
        try
        {
            request = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            request = null;
        }
        if (request is null)
            return Refused(HttpStatusCode.BadRequest, "bad_request", "The body is not a JSON object.", path, now);
        return path == EmailPath ? Email(request, sequence, now) : Sms(request, sequence, now);
    }

    private static Answer Email(JsonObject request, long sequence, DateTimeOffset now)
    {
        var recipients = request["to"] is JsonArray to ? to.Count(r => r?["email"] is JsonValue) : 0;
        if (recipients == 0)
            return Refused(HttpStatusCode.BadRequest, "missing_parameter", "to is missing", EmailPath, now);
        var templateId = request["templateId"] is JsonValue t && t.TryGetValue<long>(out var id) ? id : (long?)null;
        if (templateId is null && request["htmlContent"] is null && request["textContent"] is null)
            return Refused(HttpStatusCode.BadRequest, "missing_parameter", "templateId, htmlContent or textContent is required", EmailPath, now);
        var messageId = string.Create(CultureInfo.InvariantCulture, $"<{now:yyyyMMddHHmmss}.{sequence}@smtp-relay.mailin.fr>");
        var tags = request["tags"] is JsonArray list ? list.Select(x => (string?)x).OfType<string>().ToList() : [];
        var key = (string?)request["headers"]?["idempotencyKey"];
        return new Answer(HttpStatusCode.Created, new JsonObject { ["messageId"] = messageId },
            new StandInRecord(now, EmailPath, 201, messageId, templateId, tags, recipients, key, null));
    }

    private static Answer Sms(JsonObject request, long sequence, DateTimeOffset now)
    {
        foreach (var field in new[] { "sender", "recipient", "content" })
            if (request[field] is not JsonValue value || string.IsNullOrWhiteSpace(value.ToString()))
                return Refused(HttpStatusCode.BadRequest, "missing_parameter", field + " is missing", SmsPath, now);
        var messageId = 1511882900000000 + sequence;
        var tag = (string?)request["tag"];
        return new Answer(HttpStatusCode.Created, new JsonObject
        {
            ["reference"] = "standin" + sequence.ToString(CultureInfo.InvariantCulture),
            ["messageId"] = messageId,
            ["smsCount"] = 1,
            ["usedCredits"] = 1.0,
            ["remainingCredits"] = 1000.0,
        }, new StandInRecord(now, SmsPath, 201, messageId.ToString(CultureInfo.InvariantCulture), null, tag is null ? [] : [tag], 1, null, null));
    }

    private static Answer Refused(HttpStatusCode status, string code, string message, string path, DateTimeOffset now) =>
        new(status, Error(code, message), new StandInRecord(now, path, (int)status, null, null, [], 0, null, code));

    private static JsonObject Error(string code, string message) => new() { ["code"] = code, ["message"] = message };
}
