using System.Globalization;
using System.Text.Json;
using CrmFunctions.Core.Intake;

namespace CrmFunctions.Core.Campaigns;

/// <summary>One Brevo webhook event: its position in the body, Brevo's event name, and our event (null when not tracked).</summary>
public sealed record BrevoEvent(int Index, string Event, CampaignEventInput? Mapped);

/// <summary>
/// Maps Brevo's transactional e-mail webhooks to our campaign events. Follows Brevo's developer documentation
/// "Transactional webhooks" (developers.brevo.com/docs/transactional-webhooks): one JSON object per event with
/// event, email, id (the webhook's id), date (CET/CEST, not used), ts / ts_event (Unix seconds, UTC), ts_epoch
/// (Unix milliseconds, UTC), message-id, subject, tag / tags, template_id, link (click) and reason (bounces);
/// a batched webhook ("Batched webhooks") sends a JSON array of the same objects.
/// Events: delivered → delivered; opened, unique_opened, proxy_open, unique_proxy_open → opened; click → clicked;
/// hard_bounce, soft_bounce → bounced; unsubscribed → unsubscribed; spam → spam_complaint. Others (request,
/// deferred, blocked, invalid_email, error) are archived but not stored as events.
/// Brevo has no field for our property or survey: tag the message "property:{id}", "survey:{id}",
/// "campaign:{id}", "segment:{name}" when sending. Without a campaign tag the campaign is "template-{template_id}".
/// An unsubscribe's evidence is its message-id: "sending_ip" is Brevo's sending server, not the guest, so it is no proof.
/// </summary>
public static class BrevoAdapter
{
    public const string Provider = "brevo";

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["delivered"] = CampaignVocabulary.Delivered,
        ["opened"] = CampaignVocabulary.Opened,
        ["unique_opened"] = CampaignVocabulary.Opened,
        ["proxy_open"] = CampaignVocabulary.Opened,
        ["unique_proxy_open"] = CampaignVocabulary.Opened,
        ["click"] = CampaignVocabulary.Clicked,
        ["hard_bounce"] = CampaignVocabulary.Bounced,
        ["soft_bounce"] = CampaignVocabulary.Bounced,
        ["unsubscribed"] = CampaignVocabulary.Unsubscribed,
        ["spam"] = CampaignVocabulary.SpamComplaint,
    };

    public static IReadOnlyList<BrevoEvent> Map(JsonElement payload, ValidationErrors errors)
    {
        switch (payload.ValueKind)
        {
            case JsonValueKind.Object:
                return MapOne(payload, 0, "", errors) is { } one ? [one] : [];
            case JsonValueKind.Array when payload.GetArrayLength() > 0:
                var events = new List<BrevoEvent>();
                var index = 0;
                foreach (var item in payload.EnumerateArray())
                {
                    if (MapOne(item, index, $"[{index}]", errors) is { } mapped)
                        events.Add(mapped);
                    index++;
                }
                return events;
            default:
                errors.Add("$", "must be a Brevo webhook event object or an array of them (batched webhook).");
                return [];
        }
    }

    private static BrevoEvent? MapOne(JsonElement item, int index, string path, ValidationErrors errors)
    {
        string F(string name) => path.Length == 0 ? name : $"{path}.{name}";
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path.Length == 0 ? "$" : path, "must be a Brevo webhook event object.");
            return null;
        }
        var name = Text(item, "event");
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(F("event"), "is required.");
            return null;
        }
        if (!Types.TryGetValue(name, out var type))
            return new BrevoEvent(index, name, null);

        var before = errors.All.Count;
        var messageId = Text(item, "message-id");
        if (string.IsNullOrWhiteSpace(messageId))
            errors.Add(F("message-id"), "is required.");
        var email = Text(item, "email");
        if (string.IsNullOrWhiteSpace(email))
            errors.Add(F("email"), "is required.");
        var time = Time(item);
        if (time is null)
            errors.Add(F("ts_event"), "is required (or ts_epoch / ts): the event's Unix time.");
        if (errors.All.Count > before)
            return null;

        var tags = Tags(item);
        string? Tagged(string key) => tags.Where(t => t.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase))
            .Select(t => t[(key.Length + 1)..].Trim()).FirstOrDefault(v => v.Length > 0);
        var templateId = item.TryGetProperty("template_id", out var template) && template.ValueKind == JsonValueKind.Number
            ? "template-" + template.GetRawText() : null;
        return new BrevoEvent(index, name, new CampaignEventInput
        {
            Provider = Provider,
            MessageId = messageId,
            CampaignId = Tagged("campaign") ?? templateId,
            Type = type,
            Time = time,
            Channel = CampaignVocabulary.Email,
            Contact = new ContactPoint { Email = email },
            PropertyId = Tagged("property"),
            SurveyId = Tagged("survey"),
            Segment = Tagged("segment"),
            Link = Text(item, "link"),
            Reason = Text(item, "reason"),
            ProviderEvent = name.ToLowerInvariant(),
        });
    }

    /// <summary>ts_event and ts are Unix seconds (UTC), ts_epoch Unix milliseconds (UTC); "date" is local to Brevo, so unused.</summary>
    private static DateTimeOffset? Time(JsonElement item)
    {
        const long maxSeconds = 253402300799; // 9999-12-31
        if (Number(item, "ts_event") is { } tsEvent and <= maxSeconds)
            return DateTimeOffset.FromUnixTimeSeconds(tsEvent);
        if (Number(item, "ts_epoch") is { } tsEpoch and <= maxSeconds * 1000)
            return DateTimeOffset.FromUnixTimeMilliseconds(tsEpoch);
        if (Number(item, "ts") is { } ts and <= maxSeconds)
            return DateTimeOffset.FromUnixTimeSeconds(ts);
        return null;
    }

    private static long? Number(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n > 0)
            return n;
        return value.ValueKind == JsonValueKind.String
            && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : null;
    }

    private static List<string> Tags(JsonElement item)
    {
        var tags = new List<string>();
        if (item.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array)
            tags.AddRange(list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!));
        if (Text(item, "tag") is { Length: > 0 } tag)
            tags.Add(tag);
        return tags;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
