using System.Text;

namespace CrmFunctions.Storage;

/// <summary>The multipart/mixed body of an entity-group transaction: one changeset, one HTTP request per action.</summary>
internal sealed class TableTransactionBody
{
    private const string CrLf = "\r\n";

    private readonly string _tableUrl;
    private readonly string _entityUrlBase;
    private readonly string _table;
    private readonly IReadOnlyList<TableTransactionAction> _actions;
    private readonly string _batchBoundary = "batch_" + Guid.NewGuid().ToString("N");
    private readonly string _changesetBoundary = "changeset_" + Guid.NewGuid().ToString("N");

    public TableTransactionBody(Uri endpoint, string table, IReadOnlyList<TableTransactionAction> actions)
    {
        var baseUrl = endpoint.GetLeftPart(UriPartial.Authority) + endpoint.AbsolutePath.TrimEnd('/');
        _table = table;
        _tableUrl = baseUrl + "/" + Uri.EscapeDataString(table);
        _entityUrlBase = baseUrl;
        _actions = actions;
    }

    public string ContentType => "multipart/mixed; boundary=" + _batchBoundary;

    public byte[] Build()
    {
        var body = new StringBuilder();
        body.Append("--").Append(_batchBoundary).Append(CrLf);
        body.Append("Content-Type: multipart/mixed; boundary=").Append(_changesetBoundary).Append(CrLf).Append(CrLf);
        foreach (var action in _actions)
        {
            body.Append("--").Append(_changesetBoundary).Append(CrLf);
            body.Append("Content-Type: application/http").Append(CrLf);
            body.Append("Content-Transfer-Encoding: binary").Append(CrLf).Append(CrLf);
            AppendRequest(body, action);
        }
        body.Append("--").Append(_changesetBoundary).Append("--").Append(CrLf);
        body.Append("--").Append(_batchBoundary).Append("--").Append(CrLf);
        return Encoding.UTF8.GetBytes(body.ToString());
    }

    private void AppendRequest(StringBuilder body, TableTransactionAction action)
    {
        var entity = action.Entity;
        var entityUrl = _entityUrlBase + TableRequests.EntityPath(_table, entity.PartitionKey, entity.RowKey);
        var (method, url, ifMatch, withBody) = action.ActionType switch
        {
            TableTransactionActionType.Add => ("POST", _tableUrl, null, true),
            TableTransactionActionType.UpsertMerge => ("MERGE", entityUrl, null, true),
            TableTransactionActionType.UpsertReplace => ("PUT", entityUrl, null, true),
            TableTransactionActionType.UpdateMerge => ("MERGE", entityUrl, action.IfMatch, true),
            TableTransactionActionType.UpdateReplace => ("PUT", entityUrl, action.IfMatch, true),
            TableTransactionActionType.Delete => ("DELETE", entityUrl, action.IfMatch, false),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.ActionType, "Unknown transaction action."),
        };

        body.Append(method).Append(' ').Append(url).Append(" HTTP/1.1").Append(CrLf);
        body.Append("Accept: ").Append(TableRequests.Accept).Append(CrLf);
        body.Append("DataServiceVersion: 3.0").Append(CrLf);
        if (ifMatch is not null)
        {
            body.Append("If-Match: ").Append(ifMatch).Append(CrLf);
        }
        if (withBody)
        {
            var json = Encoding.UTF8.GetString(TableEntityJson.Serialize(entity));
            body.Append("Prefer: return-no-content").Append(CrLf);
            body.Append("Content-Type: application/json").Append(CrLf);
            body.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(json)).Append(CrLf).Append(CrLf);
            body.Append(json).Append(CrLf);
        }
        else
        {
            body.Append(CrLf);
        }
    }
}
