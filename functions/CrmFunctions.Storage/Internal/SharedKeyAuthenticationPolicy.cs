using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CrmFunctions.Storage;

/// <summary>
/// Signs each attempt with the account key. Runs per retry, after the client-request-id policy, so that every
/// x-ms-* header is already on the request and the date is fresh on each retry.
/// </summary>
internal sealed class SharedKeyAuthenticationPolicy : HttpPipelineSynchronousPolicy
{
    private readonly SharedKeyCredential _credential;
    private readonly StorageServiceKind _service;
    private readonly TimeProvider _clock;

    public SharedKeyAuthenticationPolicy(SharedKeyCredential credential, StorageServiceKind service, TimeProvider? clock = null)
    {
        _credential = credential;
        _service = service;
        _clock = clock ?? TimeProvider.System;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var date = _clock.GetUtcNow().UtcDateTime.ToString("R", CultureInfo.InvariantCulture);
        request.Headers.SetValue("x-ms-date", date);

        if (_service == StorageServiceKind.Table)
        {
            var stringToSign = SharedKeyStringToSign.ForTableLite(request, _credential.AccountName, date);
            request.Headers.SetValue("Authorization", $"SharedKeyLite {_credential.AccountName}:{_credential.Sign(stringToSign)}");
        }
        else
        {
            var stringToSign = SharedKeyStringToSign.ForBlobOrQueue(request, _credential.AccountName);
            request.Headers.SetValue("Authorization", $"SharedKey {_credential.AccountName}:{_credential.Sign(stringToSign)}");
        }
    }
}
