using System.Net;
using Azure.Core.Pipeline;

namespace CrmFunctions.Storage.Tests.Unit;

/// <summary>Transaction answers in the shape the cloud service sends them (the emulator's are covered by the integration tests).</summary>
public class TransactionResponseTests
{
    private const string ConnectionString =
        "DefaultEndpointsProtocol=https;AccountName=crmprod;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static (TableClient Table, RecordingHandler Handler) TableAnswering(string body)
    {
        var handler = new RecordingHandler(RecordingHandler.Status(HttpStatusCode.Accepted, body, "multipart/mixed; boundary=batchresponse_1"));
        var options = new StorageClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
        return (new StorageServices(StorageAccount.Parse(ConnectionString), options).GetTableClient("Contacts"), handler);
    }

    private static readonly TableTransactionAction[] TwoAdds =
    [
        new(TableTransactionActionType.Add, new TableEntity("p", "a")),
        new(TableTransactionActionType.Delete, new TableEntity("p", "b")),
    ];

    [Fact]
    public async Task A_failed_transaction_answered_with_202_is_reported_with_the_index_from_the_message()
    {
        var (table, _) = TableAnswering(
            "--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_2\r\n\r\n" +
            "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 404 Not Found\r\nX-Content-Type-Options: nosniff\r\nDataServiceVersion: 3.0;\r\n" +
            "Content-Type: application/json;odata=minimalmetadata;streaming=true;charset=utf-8\r\n\r\n" +
            "{\"odata.error\":{\"code\":\"ResourceNotFound\",\"message\":{\"lang\":\"en-US\",\"value\":\"1:The specified resource does not exist.\\nRequestId:9\\nTime:2026-11-22T11:20:35Z\"}}}\r\n" +
            "--changesetresponse_2--\r\n--batchresponse_1--\r\n");

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(TwoAdds));

        Assert.Equal((404, "ResourceNotFound", 1), (error.Status, error.ErrorCode, error.FailedIndex));
        Assert.Contains("The specified resource does not exist.", error.Message);
    }

    [Fact]
    public async Task A_successful_transaction_returns_each_etag_and_sends_one_changeset_to_the_batch_endpoint()
    {
        var (table, handler) = TableAnswering(
            "--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_2\r\n\r\n" +
            "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 204 No Content\r\nPreference-Applied: return-no-content\r\nETag: W/\"datetime'2026-11-22T11%3A20%3A35.1Z'\"\r\n\r\n\r\n" +
            "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 204 No Content\r\nDataServiceVersion: 1.0;\r\n\r\n\r\n" +
            "--changesetresponse_2--\r\n--batchresponse_1--\r\n");

        var etags = await table.SubmitTransactionAsync(TwoAdds);

        Assert.Equal(["W/\"datetime'2026-11-22T11%3A20%3A35.1Z'\"", null], etags);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("https://crmprod.table.core.windows.net/$batch", request.RequestUri!.ToString());
        var body = handler.Bodies.Single()!;
        Assert.Contains("POST https://crmprod.table.core.windows.net/Contacts HTTP/1.1", body);
        Assert.Contains("DELETE https://crmprod.table.core.windows.net/Contacts(PartitionKey='p',RowKey='b') HTTP/1.1", body);
        Assert.Contains("If-Match: *", body);
    }
}
