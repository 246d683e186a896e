using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CrmFunctions.Storage.Tests.Unit;

/// <summary>The strings to sign, checked against layouts written out by hand from the service documentation.</summary>
public class SharedKeySigningTests
{
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string Date = "Sun, 22 Nov 2026 11:20:35 GMT";

    private static readonly HttpPipeline Pipeline = new(new HttpClientTransport());

    private static Request NewRequest(RequestMethod method, string url)
    {
        var request = Pipeline.CreateRequest();
        request.Method = method;
        request.Uri.Reset(new Uri(url));
        return request;
    }

    [Fact]
    public void Blob_listing_signs_account_twice_on_path_style_urls_and_decoded_sorted_query()
    {
        var request = NewRequest(RequestMethod.Get,
            "http://127.0.0.1:10000/devstoreaccount1/raw?restype=container&comp=list&prefix=runs%2Fr2%2F&maxresults=5");
        request.Headers.SetValue("x-ms-version", "2024-11-04");
        request.Headers.SetValue("x-ms-date", Date);
        request.Headers.SetValue("x-ms-client-request-id", "abc");

        var expected =
            "GET\n" + "\n\n\n\n\n\n\n\n\n\n\n" +
            "x-ms-client-request-id:abc\n" +
            $"x-ms-date:{Date}\n" +
            "x-ms-version:2024-11-04\n" +
            "/devstoreaccount1/devstoreaccount1/raw" +
            "\ncomp:list\nmaxresults:5\nprefix:runs/r2/\nrestype:container";
        Assert.Equal(expected, SharedKeyStringToSign.ForBlobOrQueue(request, Account));
    }

    [Fact]
    public void Blob_upload_signs_length_type_condition_and_lowercased_metadata_headers_on_host_style_urls()
    {
        var request = NewRequest(RequestMethod.Put, "https://crmprod.blob.core.windows.net/raw/runs/a%20b.json");
        request.Headers.SetValue("x-ms-version", "2024-11-04");
        request.Headers.SetValue("x-ms-date", Date);
        request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        request.Headers.SetValue("X-MS-META-Source", " web ");
        request.Headers.SetValue("Content-Type", "text/plain");
        request.Headers.SetValue("If-None-Match", "*");
        request.Content = RequestContent.Create(Encoding.UTF8.GetBytes("hello world"));

        var expected =
            "PUT\n\n\n11\n\ntext/plain\n\n\n\n*\n\n\n" +
            "x-ms-blob-type:BlockBlob\n" +
            $"x-ms-date:{Date}\n" +
            "x-ms-meta-source:web\n" +
            "x-ms-version:2024-11-04\n" +
            "/crmprod/raw/runs/a%20b.json";
        Assert.Equal(expected, SharedKeyStringToSign.ForBlobOrQueue(request, "crmprod"));
    }

    [Fact]
    public void Content_type_and_zero_length_are_not_signed_without_a_body_because_the_transport_drops_them()
    {
        var request = NewRequest(RequestMethod.Delete, "http://127.0.0.1:10001/devstoreaccount1/q1/messages/m1?popreceipt=AB%2Fc%3D%3D");
        request.Headers.SetValue("Content-Type", "application/xml");
        request.Headers.SetValue("x-ms-date", Date);

        var expected =
            "DELETE\n" + "\n\n\n\n\n\n\n\n\n\n\n" +
            $"x-ms-date:{Date}\n" +
            "/devstoreaccount1/devstoreaccount1/q1/messages/m1\npopreceipt:AB/c==";
        Assert.Equal(expected, SharedKeyStringToSign.ForBlobOrQueue(request, Account));
    }

    [Fact]
    public void Table_lite_signs_date_and_resource_only_with_comp_but_not_filter_or_continuation()
    {
        var query = NewRequest(RequestMethod.Get,
            "http://127.0.0.1:10002/devstoreaccount1/Contacts()?$filter=PartitionKey%20eq%20%27a%27&NextPartitionKey=1!8!YQ--");
        var acl = NewRequest(RequestMethod.Get, "https://crmprod.table.core.windows.net/Contacts?comp=acl");

        Assert.Equal($"{Date}\n/devstoreaccount1/devstoreaccount1/Contacts()", SharedKeyStringToSign.ForTableLite(query, Account, Date));
        Assert.Equal($"{Date}\n/crmprod/Contacts?comp=acl", SharedKeyStringToSign.ForTableLite(acl, "crmprod", Date));
    }

    [Fact]
    public void Table_entity_path_is_signed_escaped_exactly_as_sent()
    {
        var request = NewRequest(RequestMethod.Get,
            "http://127.0.0.1:10002/devstoreaccount1/Contacts(PartitionKey='" + Uri.EscapeDataString("O''Neil é") + "',RowKey='1')");

        Assert.Equal($"{Date}\n/devstoreaccount1/devstoreaccount1/Contacts(PartitionKey='O%27%27Neil%20%C3%A9',RowKey='1')",
            SharedKeyStringToSign.ForTableLite(request, Account, Date));
    }

    [Fact]
    public void Policy_sets_a_fresh_date_and_an_hmac_of_the_string_to_sign_under_the_account_name()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 22, 11, 20, 35, TimeSpan.Zero));
        var policy = new SharedKeyAuthenticationPolicy(new SharedKeyCredential(Account, Key), StorageServiceKind.Queue, clock);
        var message = Pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(new Uri("http://127.0.0.1:10001/devstoreaccount1/q1?comp=metadata"));
        message.Request.Headers.SetValue("x-ms-version", "2024-11-04");

        policy.OnSendingRequest(message);

        var stringToSign = "GET\n" + "\n\n\n\n\n\n\n\n\n\n\n" +
                           $"x-ms-date:{Date}\nx-ms-version:2024-11-04\n/devstoreaccount1/devstoreaccount1/q1\ncomp:metadata";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Key), Encoding.UTF8.GetBytes(stringToSign)));
        Assert.True(message.Request.Headers.TryGetValue("x-ms-date", out var date));
        Assert.Equal(Date, date);
        Assert.True(message.Request.Headers.TryGetValue("Authorization", out var authorization));
        Assert.Equal($"SharedKey {Account}:{signature}", authorization);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
