namespace CrmFunctions.Core.Normalization;

public enum ConsentChannel
{
    Email,
    Sms,
    Phone,
    Post,
}

/// <summary>One consent statement with where and when it was collected.</summary>
public sealed record ConsentRecord(ConsentChannel Channel, bool Granted, DateTimeOffset At, string? Source);

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
