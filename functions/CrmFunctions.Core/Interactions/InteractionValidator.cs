using CrmFunctions.Core.Intake;

namespace CrmFunctions.Core.Interactions;

public static class InteractionValidator
{
    /// <summary>Required fields, the two vocabularies and the order of the times, with full field paths.</summary>
    public static void Validate(InteractionInput? interaction, string path, DateTimeOffset now, ValidationErrors errors)
    {
        string F(string name) => FieldPath.Join(path, name);
        if (interaction is null)
        {
            errors.Add(path.Length == 0 ? "$" : path, "an interaction object is required.");
            return;
        }
        IntakeChecks.Required(errors, F("id"), interaction.Id, 200);
        IntakeChecks.Required(errors, F("propertyId"), interaction.PropertyId, 60);
        IntakeChecks.OneOf(errors, F("channel"), interaction.Channel, InteractionVocabulary.Channels, required: true);
        IntakeChecks.OneOf(errors, F("type"), interaction.Type, InteractionVocabulary.Types, required: true);
        errors.MaxLength(F("team"), interaction.Team, 60);
        errors.MaxLength(F("agentId"), interaction.AgentId, 60);
        errors.MaxLength(F("reason"), interaction.Reason, 200);
        errors.MaxLength(F("segment"), interaction.Segment, 60);

        IntakeChecks.Happened(errors, F("receivedAt"), interaction.ReceivedAt, now, required: true);
        IntakeChecks.Supported(errors, F("answeredAt"), interaction.AnsweredAt);
        IntakeChecks.Supported(errors, F("abandonedAt"), interaction.AbandonedAt);
        IntakeChecks.Supported(errors, F("closedAt"), interaction.ClosedAt);
        if (interaction.ReceivedAt is { } received)
        {
            NotBefore(errors, F("answeredAt"), interaction.AnsweredAt, received);
            NotBefore(errors, F("abandonedAt"), interaction.AbandonedAt, received);
            NotBefore(errors, F("closedAt"), interaction.ClosedAt, received);
        }
        if (interaction is { AnsweredAt: { } answered, ClosedAt: { } closed } && closed < answered)
            errors.Add(F("closedAt"), "must not be before answeredAt.");
        if (interaction.Abandoned == true && interaction.AnsweredAt is not null)
            errors.Add(F("answeredAt"), "must be empty when abandoned is true: an abandoned contact was never answered.");
        if (interaction.Abandoned != true && interaction.AbandonedAt is not null)
            errors.Add(F("abandonedAt"), "is only allowed when abandoned is true.");
        ContactPoint.Validate(interaction.Contact, F("contact"), errors);
    }

    private static void NotBefore(ValidationErrors errors, string field, DateTimeOffset? value, DateTimeOffset received)
    {
        if (value is { } v && v < received)
            errors.Add(field, "must not be before receivedAt.");
    }
}
