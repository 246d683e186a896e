using System.Net;

namespace CrmFunctions.Storage.Tests.Unit;

/// <summary>Answers requests from a script of canned responses and remembers what was sent.</summary>
internal sealed class RecordingHandler(params Func<HttpResponseMessage>[] responses) : HttpMessageHandler
{
    private int _next;

    public List<HttpRequestMessage> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var response = _next < responses.Length ? responses[_next++]() : new HttpResponseMessage(HttpStatusCode.InternalServerError);
        response.RequestMessage = request;
        return Task.FromResult(response);
    }

    public static Func<HttpResponseMessage> Status(HttpStatusCode status, string? body = null, string contentType = "application/json",
        params (string Name, string Value)[] headers) => () =>
    {
        var response = new HttpResponseMessage(status);
        if (body is not null)
        {
            response.Content = new StringContent(body, System.Text.Encoding.UTF8, contentType);
        }
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }
        return response;
    };
}
