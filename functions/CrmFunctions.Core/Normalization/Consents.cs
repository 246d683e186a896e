namespace CrmFunctions.Core.Normalization;

public enum ConsentChannel
{
    Email,
    Sms,
    Phone,
    Post,
}

/// <summary>
/// One consent statement with its proof: where, when and on which channel it was collected, what the guest was shown,
/// and the evidence the sender gave. A withdrawal is a statement with <see cref="Granted"/> false and the same proof.
/// </summary>
public sealed record ConsentRecord(ConsentChannel Channel, bool Granted, DateTimeOffset At, string? Source)
{
    /// <summary>The version of the wording the guest answered ("newsletter-2026-03"): what exactly was agreed to or refused.</summary>
    public string? WordingVersion { get; init; }

    /// <summary>The form that collected the statement ("footer-signup"), when the sender names one.</summary>
    public string? FormId { get; init; }

    /// <summary>What the sender recorded of the act itself; absent on statements stored before proof was kept.</summary>
    public ConsentEvidence? Evidence { get; init; }
}

/// <summary>The trace a consent statement left with its sender: the guest's IP address, the message that carried it.</summary>
public sealed record ConsentEvidence(string? Ip, string? MessageId)
{
    /// <summary>Evidence when at least one part is given; null otherwise, so a statement without proof says nothing.</summary>
    public static ConsentEvidence? Of(string? ip, string? messageId) =>
        ip is null && messageId is null ? null : new ConsentEvidence(ip, messageId);
}

/// <summary>Consent per channel: the full history is kept; the latest statement decides.</summary>
public static class ConsentLedger
{
    private static readonly IReadOnlyDictionary<string, ConsentChannel> ChannelNames =
        new Dictionary<string, ConsentChannel>(StringComparer.OrdinalIgnoreCase)
        {
            ["email"] = ConsentChannel.Email, ["e-mail"] = ConsentChannel.Email, ["mail"] = ConsentChannel.Email,
            ["courriel"] = ConsentChannel.Email, ["newsletter"] = ConsentChannel.Email,
            ["sms"] = ConsentChannel.Sms, ["text"] = ConsentChannel.Sms, ["mobile"] = ConsentChannel.Sms,
            ["phone"] = ConsentChannel.Phone, ["telephone"] = ConsentChannel.Phone, ["call"] = ConsentChannel.Phone,
            ["post"] = ConsentChannel.Post, ["postal"] = ConsentChannel.Post, ["courrier"] = ConsentChannel.Post,
        };

    public static ConsentChannel? ParseChannel(string? value) =>
        ChannelNames.TryGetValue(Text.Clean(value), out var channel) ? channel : null;

    /// <summary>
    /// The statement in force per channel. At the same instant a refusal wins over a grant:
    /// contacting someone who said no costs more than missing someone who said yes.
    /// </summary>
    public static IReadOnlyDictionary<ConsentChannel, ConsentRecord> Current(IEnumerable<ConsentRecord> history) =>
        history
            .GroupBy(c => c.Channel)
            .ToDictionary(
                g => g.Key,
                g => g.OrderByDescending(c => c.At).ThenBy(c => c.Granted).First());

    /// <summary>Adds statements to a history, once each, oldest first; replaying a contact adds nothing.</summary>
    public static IReadOnlyList<ConsentRecord> Append(IEnumerable<ConsentRecord> history, IEnumerable<ConsentRecord> statements) =>
        history.Concat(statements).Distinct().OrderBy(c => c.At).ThenBy(c => c.Channel).ThenBy(c => c.Granted).ToList();
}
