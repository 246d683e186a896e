using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CrmFunctions.Storage;

/// <summary>
/// One storage queue. Message text is sent as XML-escaped text, not base64: both ends are ours and the text is JSON.
/// </summary>
public class QueueClient
{
    /// <summary>The service's limit on one message, counted here in UTF-8 bytes of the text.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    /// <summary>The service's limit on messages per receive or peek.</summary>
    public const int MaxMessagesPerCall = 32;

    private readonly HttpPipeline _pipeline = null!;
    private readonly Uri _endpoint = null!;

    /// <summary>For mocking.</summary>
    protected QueueClient()
    {
        Name = string.Empty;
    }

    internal QueueClient(HttpPipeline pipeline, Uri endpoint, string queueName)
    {
        _pipeline = pipeline;
        _endpoint = endpoint;
        Name = queueName;
    }

    public virtual string Name { get; }

    /// <returns>True when the queue was created, false when it already existed.</returns>
    public virtual async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Put, QueuePath);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        return response.Status switch
        {
            201 => true,
            204 => false,
            _ => throw StorageErrors.Create(response, $"Creating queue {Name}"),
        };
    }

    /// <returns>True when the queue was deleted, false when there was none.</returns>
    public virtual async Task<bool> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Delete, QueuePath);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        return response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw StorageErrors.Create(response, $"Deleting queue {Name}"),
        };
    }

    /// <param name="visibilityDelay">Keep the message hidden this long before it can be received (up to 7 days).</param>
    /// <param name="timeToLive">Drop the message after this long; <see cref="Timeout.InfiniteTimeSpan"/> for never. Service default: 7 days.</param>
    /// <exception cref="ArgumentException">The text is over 64 KiB in UTF-8 or holds characters XML cannot carry.</exception>
    public virtual async Task<SendReceipt> SendMessageAsync(string text, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null,
        CancellationToken cancellationToken = default)
    {
        var body = MessageBody(text);
        using var message = Create(RequestMethod.Post, MessagesPath);
        var uri = message.Request.Uri;
        if (visibilityDelay is { } delay)
        {
            uri.AppendQuery("visibilitytimeout", Seconds(delay, nameof(visibilityDelay)));
        }
        if (timeToLive is { } ttl)
        {
            uri.AppendQuery("messagettl", ttl == Timeout.InfiniteTimeSpan ? "-1" : Seconds(ttl, nameof(timeToLive)));
        }
        SetXmlBody(message.Request, body);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 201)
        {
            throw StorageErrors.Create(response, $"Sending a message to {Name}");
        }
        var m = Messages(response).Single();
        return new SendReceipt(
            Text(m, "MessageId"), Text(m, "PopReceipt"), Date(m, "InsertionTime"), Date(m, "ExpirationTime"), Date(m, "TimeNextVisible"));
    }

    /// <summary>Receives up to <paramref name="maxMessages"/> messages and hides them for <paramref name="visibilityTimeout"/>.</summary>
    /// <returns>Possibly fewer messages than asked for, or none.</returns>
    public virtual async Task<IReadOnlyList<QueueMessageItem>> ReceiveMessagesAsync(int maxMessages, TimeSpan visibilityTimeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxMessagesPerCall);
        using var message = Create(RequestMethod.Get, MessagesPath);
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture));
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout, nameof(visibilityTimeout)));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 200)
        {
            throw StorageErrors.Create(response, $"Receiving messages from {Name}");
        }
        return Messages(response).Select(m => new QueueMessageItem(
            Text(m, "MessageId"),
            Text(m, "PopReceipt"),
            Text(m, "MessageText"),
            long.Parse(Text(m, "DequeueCount"), CultureInfo.InvariantCulture),
            Date(m, "InsertionTime"),
            Date(m, "ExpirationTime"),
            Date(m, "TimeNextVisible"))).ToList();
    }

    /// <summary>Looks at up to <paramref name="maxMessages"/> visible messages without receiving them.</summary>
    public virtual async Task<IReadOnlyList<PeekedMessage>> PeekMessagesAsync(int maxMessages = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxMessagesPerCall);
        using var message = Create(RequestMethod.Get, MessagesPath);
        message.Request.Uri.AppendQuery("peekonly", "true");
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 200)
        {
            throw StorageErrors.Create(response, $"Peeking messages of {Name}");
        }
        return Messages(response).Select(m => new PeekedMessage(
            Text(m, "MessageId"),
            Text(m, "MessageText"),
            long.Parse(Text(m, "DequeueCount"), CultureInfo.InvariantCulture),
            Date(m, "InsertionTime"),
            Date(m, "ExpirationTime"))).ToList();
    }

    /// <summary>Hides a received message for <paramref name="visibilityTimeout"/> from now (0: visible again at once), optionally replacing its text.</summary>
    /// <returns>The new pop receipt; the old one stops working.</returns>
    public virtual async Task<string> UpdateVisibilityAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout,
        string? newText = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        var body = newText is null ? null : MessageBody(newText);
        using var message = Create(RequestMethod.Put, MessagePath(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt);
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout, nameof(visibilityTimeout)));
        if (body is not null)
        {
            SetXmlBody(message.Request, body);
        }
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 204 || !response.Headers.TryGetValue("x-ms-popreceipt", out var newReceipt))
        {
            throw StorageErrors.Create(response, $"Updating a message of {Name}");
        }
        return newReceipt;
    }

    /// <exception cref="RequestFailedException">400 PopReceiptMismatch when the receipt is not the latest; 404 when the message is gone.</exception>
    public virtual async Task DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        using var message = Create(RequestMethod.Delete, MessagePath(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt);
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 204)
        {
            throw StorageErrors.Create(response, $"Deleting a message of {Name}");
        }
    }

    /// <summary>Roughly how many messages the queue holds, hidden ones included.</summary>
    public virtual async Task<int> GetApproximateMessageCountAsync(CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Get, QueuePath);
        message.Request.Uri.AppendQuery("comp", "metadata");
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 200 ||
            !response.Headers.TryGetValue("x-ms-approximate-messages-count", out var count) ||
            !int.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw StorageErrors.Create(response, $"Reading the metadata of queue {Name}");
        }
        return value;
    }

    private string QueuePath => "/" + Uri.EscapeDataString(Name);

    private string MessagesPath => QueuePath + "/messages";

    private string MessagePath(string messageId) => MessagesPath + "/" + Uri.EscapeDataString(messageId);

    private HttpMessage Create(RequestMethod method, string path) =>
        StorageRequest.Create(_pipeline, method, _endpoint, path, StorageRequest.BlobQueueVersion);

    private static byte[] MessageBody(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var size = Encoding.UTF8.GetByteCount(text);
        if (size > MaxMessageBytes)
        {
            throw new ArgumentException($"A queue message holds at most {MaxMessageBytes} bytes; this one has {size}.", nameof(text));
        }
        try
        {
            XmlConvert.VerifyXmlChars(text);
        }
        catch (XmlException e)
        {
            throw new ArgumentException("The message text holds a character XML cannot carry.", nameof(text), e);
        }
        var document = new XElement("QueueMessage", new XElement("MessageText", text));
        return Encoding.UTF8.GetBytes(document.ToString(SaveOptions.DisableFormatting));
    }

    private static void SetXmlBody(Request request, byte[] body)
    {
        request.Headers.SetValue("Content-Type", "application/xml; charset=utf-8");
        request.Content = RequestContent.Create(body);
    }

    private static IEnumerable<XElement> Messages(Response response) =>
        XDocument.Parse(response.Content.ToString()).Root?.Elements("QueueMessage") ?? [];

    private static string Text(XElement message, string name) =>
        message.Element(name)?.Value ?? throw new FormatException($"The queue answer has no {name}.");

    private static DateTimeOffset Date(XElement message, string name) =>
        DateTimeOffset.Parse(Text(message, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string Seconds(TimeSpan value, string parameter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, parameter);
        return StorageRequest.Seconds(value);
    }
}
