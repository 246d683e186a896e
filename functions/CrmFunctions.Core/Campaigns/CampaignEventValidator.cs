using System.Text.RegularExpressions;
using CrmFunctions.Core.Intake;

namespace CrmFunctions.Core.Campaigns;

public static partial class CampaignEventValidator
{
    public static void Validate(CampaignEventInput? e, string path, DateTimeOffset now, ValidationErrors errors)
    {
        string F(string name) => FieldPath.Join(path, name);
        if (e is null)
        {
            errors.Add(path.Length == 0 ? "$" : path, "an event object is required.");
            return;
        }
        if (string.IsNullOrWhiteSpace(e.Provider))
            errors.Add(F("provider"), "is required.");
        else if (!ProviderName().IsMatch(e.Provider))
            errors.Add(F("provider"), "must be 1-40 letters, digits, '-' or '_'.");
        IntakeChecks.Required(errors, F("messageId"), e.MessageId, 200);
        IntakeChecks.OneOf(errors, F("type"), e.Type, CampaignVocabulary.Types, required: true);
        IntakeChecks.OneOf(errors, F("channel"), e.Channel, CampaignVocabulary.Channels, required: false);
        IntakeChecks.Happened(errors, F("time"), e.Time, now, required: true);
        errors.MaxLength(F("campaignId"), e.CampaignId, 200);
        errors.MaxLength(F("propertyId"), e.PropertyId, 60);
        errors.MaxLength(F("surveyId"), e.SurveyId, 200);
        errors.MaxLength(F("segment"), e.Segment, 60);
        errors.MaxLength(F("text"), e.Text, 1600);
        errors.MaxLength(F("link"), e.Link, 2000);
        errors.MaxLength(F("reason"), e.Reason, 500);
        errors.MaxLength(F("providerEvent"), e.ProviderEvent, 40);
        IntakeChecks.IpAddress(errors, F("ip"), e.Ip);
        if (e.Contact is not { } contact || (string.IsNullOrWhiteSpace(contact.Email) && string.IsNullOrWhiteSpace(contact.Phone)))
            errors.Add(F("contact"), "needs an email or a phone: the guest the event is about.");
        else
            ContactPoint.Validate(contact, F("contact"), errors);
        if (string.Equals(e.Type, CampaignVocabulary.InboundReply, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(e.Text))
            errors.Add(F("text"), "is required for an inbound_reply.");
        if (e.Channel is { } channel && channel.Equals(CampaignVocabulary.Sms, StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrWhiteSpace(e.Contact?.Phone))
            errors.Add(F("contact.phone"), "is required for an sms event.");
        if (e.Channel is { } email && email.Equals(CampaignVocabulary.Email, StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrWhiteSpace(e.Contact?.Email))
            errors.Add(F("contact.email"), "is required for an email event.");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex ProviderName();
}
