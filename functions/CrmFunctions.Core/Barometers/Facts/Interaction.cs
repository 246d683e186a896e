namespace CrmFunctions.Core.Barometers.Facts;

public enum ContactChannel { Phone, Email, Chat, Desk, Social }

public enum InteractionType { Request, Complaint, Information }

/// <summary>
/// One contact handled (or not) by the contact centre or the front desk.
/// The day it counts on is the calendar date of <see cref="ReceivedAt"/> in its own offset,
/// so senders should stamp times with the property's local offset.
/// </summary>
public sealed record Interaction
{
    public required string Id { get; init; }
    public required ContactChannel Channel { get; init; }
    public required string Property { get; init; }
    public string? Team { get; init; }
    /// <summary>Guest segment when the contact was matched to a guest; otherwise it counts under "-".</summary>
    public string? Segment { get; init; }
    public string? AgentId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    /// <summary>The guest gave up before an agent answered (hung up, left the chat).</summary>
    public bool Abandoned { get; init; }
    /// <summary>End of the contact; for an abandoned call, when the caller hung up.</summary>
    public DateTimeOffset? ClosedAt { get; init; }
    public InteractionType Type { get; init; } = InteractionType.Request;
    public string? Reason { get; init; }
    /// <summary>Null when the agent did not say.</summary>
    public bool? ResolvedAtFirstContact { get; init; }

    public DateOnly Day => DateOnly.FromDateTime(ReceivedAt.DateTime);
}
