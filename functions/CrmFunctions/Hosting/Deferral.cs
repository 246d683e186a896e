using System.Security.Cryptography;
using System.Text;
using CrmFunctions.Messaging;

namespace CrmFunctions.Hosting;

/// <summary>
/// Functions mode's side of <see cref="DeferException"/>: the copy of the delivery that goes back on the function's
/// queue as a scheduled message, the current delivery being completed.
/// </summary>
public static class Deferral
{
    private const string Marker = "~deferred-";
    // Service Bus refuses a message id longer than 128 characters.
    private const int MaxMessageIdLength = 128;

    public static OutgoingMessage CopyOf(FunctionContext context, DateTimeOffset until)
    {
        var text = context.Message?.ToString() ?? throw new InvalidOperationException("Only a queue message can be deferred.");
        return new OutgoingMessage(text, CopyId(context.Metadata.MessageId, text, until), until);
    }

    /// <summary>
    /// The copy's message id: the original id (before any earlier deferral) and a hash of this delivery's id and the
    /// instant. Never the delivery's own id, which the queue's duplicate detection still holds and would drop. The same
    /// delivery deferred to the same instant twice (a crash before its completion) gives the same id, so duplicate
    /// detection drops the second copy; a copy deferred again gets a new id, since its own id differs from its parent's.
    /// </summary>
    public static string CopyId(string? messageId, string text, DateTimeOffset until)
    {
        var current = messageId is { Length: > 0 } ? messageId : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
        var origin = current.IndexOf(Marker, StringComparison.Ordinal) is >= 0 and var at ? current[..at] : current;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{current}\n{until.UtcTicks}")).AsSpan(0, 8));
        var room = MaxMessageIdLength - Marker.Length - hash.Length;
        return (origin.Length > room ? origin[..room] : origin) + Marker + hash;
    }
}
