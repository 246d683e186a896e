using System.Net;

namespace CrmFunctions.Storage.Tests.Unit;

/// <summary>Answers requests from a script of canned responses and remembers what was sent.</summary>
internal sealed class RecordingHandler(params Func<HttpResponseMessage>[] responses) : HttpMessageHandler
{
    private int _next;

    public List<HttpRequestMessage> Requests { get; } = [];

    /// <summary>Request bodies as text, read while sending (the pipeline disposes them afterwards).</summary>
    public List<string?> Bodies { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        Bodies.Add(request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken));
        var response = _next < responses.Length ? responses[_next++]() : new HttpResponseMessage(HttpStatusCode.InternalServerError);
        response.RequestMessage = request;
        return response;
    }

    public static Func<HttpResponseMessage> Status(HttpStatusCode status, string? body = null, string contentType = "application/json",
        params (string Name, string Value)[] headers) => () =>
    {
        var response = new HttpResponseMessage(status);
        if (body is not null)
        {
            response.Content = new StringContent(body, System.Text.Encoding.UTF8);
            response.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }
        return response;
    };
}
