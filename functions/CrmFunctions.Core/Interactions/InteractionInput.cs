using CrmFunctions.Core.Intake;

namespace CrmFunctions.Core.Interactions;

/// <summary>
/// One contact-centre or front-desk event (call, e-mail, chat, desk request, social message) in our documented JSON.
/// A sender may resend the same id later with more fields filled (answered, closed): the latest delivery wins.
/// </summary>
public sealed record InteractionInput
{
    /// <summary>The source system's id: with the source, it identifies the interaction across deliveries.</summary>
    public string? Id { get; init; }
    /// <summary>phone, email, chat, desk or social.</summary>
    public string? Channel { get; init; }
    public string? PropertyId { get; init; }
    public string? Team { get; init; }
    /// <summary>The agent's internal id (not a name).</summary>
    public string? AgentId { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    /// <summary>When an agent picked up (phones, chats).</summary>
    public DateTimeOffset? AnsweredAt { get; init; }
    /// <summary>The guest gave up before an agent answered.</summary>
    public bool? Abandoned { get; init; }
    public DateTimeOffset? AbandonedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    /// <summary>request, complaint or information.</summary>
    public string? Type { get; init; }
    public string? Reason { get; init; }
    public bool? ResolvedAtFirstContact { get; init; }
    public string? Segment { get; init; }
    public ContactPoint? Contact { get; init; }
}

public static class InteractionVocabulary
{
    public static readonly IReadOnlyList<string> Channels = ["phone", "email", "chat", "desk", "social"];
    public static readonly IReadOnlyList<string> Types = ["request", "complaint", "information"];
}
