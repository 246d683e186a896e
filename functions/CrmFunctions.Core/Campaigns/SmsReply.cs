using System.Globalization;
using System.Text.RegularExpressions;

namespace CrmFunctions.Core.Campaigns;

public enum SmsReplyKind { Other, Score, Stop }

public sealed record SmsReplyMeaning(SmsReplyKind Kind, int? Score = null);

/// <summary>
/// Reads an inbound SMS reply to a survey invitation ("On a scale of 0 to 10..."). A bare number 0-10 is the answer,
/// also written "9/10", "10 !" or "8." ; an opt-out keyword alone (any case, spacing or final "." / "!") is an
/// unsubscribe; anything else stays a plain reply.
/// </summary>
public static partial class SmsReply
{
    /// <summary>The carriers' opt-out keywords (CTIA: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT) and the French ARRET.</summary>
    public static readonly IReadOnlySet<string> StopWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ARRET", "ARRÊT" };

    public static SmsReplyMeaning Interpret(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return new SmsReplyMeaning(SmsReplyKind.Other);
        var trimmed = text.Trim();
        var match = Score().Match(trimmed);
        if (match.Success && int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 10)
            return new SmsReplyMeaning(SmsReplyKind.Score, n);
        // Phones and people space words as they like ("STOP ALL", "Arrêt !"): the keyword is read without spaces.
        if (StopWords.Contains(string.Concat(trimmed.Where(c => !char.IsWhiteSpace(c))).TrimEnd('.', '!')))
            return new SmsReplyMeaning(SmsReplyKind.Stop);
        return new SmsReplyMeaning(SmsReplyKind.Other);
    }

    [GeneratedRegex(@"^(?<n>[0-9]{1,2})\s*(/\s*10)?\s*[!.]*$")]
    private static partial Regex Score();
}
