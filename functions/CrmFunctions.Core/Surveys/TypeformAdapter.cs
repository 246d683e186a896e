using System.Globalization;
using System.Text.Json;
using CrmFunctions.Core.Intake;

namespace CrmFunctions.Core.Surveys;

/// <summary>
/// Maps a Typeform "form_response" webhook (Typeform developer documentation, "Webhooks" →
/// "Example webhook payload") to our survey. The form designer sets each question's "ref" and
/// hidden fields by the conventions below, so no per-form code is needed:
/// refs nps (0-10), csat (1-5), ces (1-7), comment, complaint (yes/no), complaint_reason,
/// touchpoint_{name} (1-5), email, phone; hidden fields property (required), arrival, departure,
/// channel, segment, language, email, phone, first_name, last_name, guest_id (PMS guest id).
/// </summary>
public static class TypeformAdapter
{
    public const string TouchpointPrefix = "touchpoint_";

    public static SurveyInput? Map(JsonElement payload, ValidationErrors errors)
    {
        if (payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("form_response", out var response) || response.ValueKind != JsonValueKind.Object)
        {
            errors.Add("form_response", "is required: this endpoint takes Typeform's form_response webhook.");
            return null;
        }
        if (payload.TryGetProperty("event_type", out var eventType)
            && (eventType.ValueKind != JsonValueKind.String || eventType.GetString() != "form_response"))
            errors.Add("event_type", "must be form_response.");

        var hidden = response.TryGetProperty("hidden", out var h) && h.ValueKind == JsonValueKind.Object ? h : default;
        var answers = ReadAnswers(response, errors);
        var touchpoints = answers
            .Where(a => a.Key.StartsWith(TouchpointPrefix, StringComparison.Ordinal) && a.Value.Number is not null)
            .ToDictionary(a => ToCamel(a.Key[TouchpointPrefix.Length..]), a => a.Value.Number!.Value, StringComparer.Ordinal);

        var property = Text(hidden, "property");
        if (string.IsNullOrWhiteSpace(property))
            errors.Add("form_response.hidden.property", "is required: add a hidden field 'property' to the form.");

        return new SurveyInput
        {
            SurveyId = Text(response, "form_id"),
            ResponseId = Text(response, "token"),
            PropertyId = property,
            Arrival = Date(Text(hidden, "arrival"), "form_response.hidden.arrival", errors),
            Departure = Date(Text(hidden, "departure"), "form_response.hidden.departure", errors),
            Channel = Text(hidden, "channel") ?? "web",
            Segment = Text(hidden, "segment"),
            Language = Text(hidden, "language"),
            Respondent = new SurveyRespondent
            {
                Email = answers.GetValueOrDefault("email")?.Text ?? Text(hidden, "email"),
                Phone = answers.GetValueOrDefault("phone")?.Text ?? Text(hidden, "phone"),
                GivenName = Text(hidden, "first_name"),
                FamilyName = Text(hidden, "last_name"),
                ExternalIds = Text(hidden, "guest_id") is { } guestId ? new Dictionary<string, string> { ["pms"] = guestId } : null,
            },
            Nps = answers.GetValueOrDefault("nps")?.Number,
            Csat = answers.GetValueOrDefault("csat")?.Number,
            Ces = answers.GetValueOrDefault("ces")?.Number,
            Touchpoints = touchpoints.Count > 0 ? touchpoints : null,
            Comment = answers.GetValueOrDefault("comment")?.Text,
            Complaint = answers.GetValueOrDefault("complaint")?.Boolean,
            ComplaintReason = answers.GetValueOrDefault("complaint_reason")?.Text,
            SubmittedAt = DateTimeOffset.TryParse(Text(response, "submitted_at"), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var submitted) ? submitted : null,
        };
    }

    private sealed record Answer(int? Number, string? Text, bool? Boolean);

    private static Dictionary<string, Answer> ReadAnswers(JsonElement response, ValidationErrors errors)
    {
        var answers = new Dictionary<string, Answer>(StringComparer.Ordinal);
        if (!response.TryGetProperty("answers", out var list) || list.ValueKind != JsonValueKind.Array)
            return answers;
        var index = -1;
        foreach (var answer in list.EnumerateArray())
        {
            index++;
            if (answer.ValueKind != JsonValueKind.Object
                || !answer.TryGetProperty("field", out var field) || Text(field, "ref") is not { } reference)
                continue;
            answers[reference] = Text(answer, "type") switch
            {
                "number" => new Answer(WholeNumber(answer, $"form_response.answers[{index}].number", errors), null, null),
                "boolean" => new Answer(null, null, answer.TryGetProperty("boolean", out var b) && b.ValueKind is JsonValueKind.True),
                "choice" => new Answer(null, answer.TryGetProperty("choice", out var c) ? Text(c, "label") ?? Text(c, "other") : null, null),
                "email" => new Answer(null, Text(answer, "email"), null),
                "phone_number" => new Answer(null, Text(answer, "phone_number"), null),
                _ => new Answer(null, Text(answer, "text"), null),
            };
        }
        return answers;
    }

    private static int? WholeNumber(JsonElement answer, string field, ValidationErrors errors)
    {
        if (!answer.TryGetProperty("number", out var number))
            return null;
        if (number.ValueKind == JsonValueKind.Number && number.TryGetInt32(out var value))
            return value;
        errors.Add(field, "must be a whole number.");
        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static DateOnly? Date(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        errors.Add(field, "must be a date as yyyy-MM-dd.");
        return null;
    }

    /// <summary>touchpoint_check_in → checkIn, matching our touchpoint keys.</summary>
    private static string ToCamel(string snake)
    {
        var parts = snake.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? snake
            : parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
