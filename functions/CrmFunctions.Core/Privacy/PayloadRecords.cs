using System.Text.Json.Nodes;

namespace CrmFunctions.Core.Privacy;

/// <summary>What erasing a guest from one archived payload leaves: nothing to change, a rewritten payload, or nothing at all.</summary>
public sealed record PayloadErasure(int Erased, int Kept, JsonNode? Rewritten)
{
    public bool DeleteWhole => Erased > 0 && Kept == 0;
}

/// <summary>
/// The records of an accepted payload as the intake read them: the elements of a batch (a top-level array, or the
/// array under "contacts", "events", …), or the whole body for a single record. Erasing a guest takes out their
/// records and keeps the others' in place: an erased record's slot becomes null, so every other record keeps its
/// index (a source record id is "{ingestionId}/{index}").
/// </summary>
public static class PayloadRecords
{
    private static readonly string[] BatchProperties = ["contacts", "events", "records", "items", "interactions", "assessments", "responses", "surveys"];

    public static IReadOnlyList<JsonNode?> Of(JsonNode? root) => Batch(root) is { } batch ? [.. batch] : [root];

    /// <param name="belongs">Whether the record at an index is the guest's.</param>
    public static PayloadErasure Erase(JsonNode? root, Func<JsonNode?, int, bool> belongs)
    {
        if (Batch(root) is not { } batch)
            return belongs(root, 0) ? new PayloadErasure(1, 0, null) : new PayloadErasure(0, 1, root);
        int erased = 0, kept = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i] is null) continue;
            if (belongs(batch[i], i))
            {
                batch[i] = null;
                erased++;
            }
            else kept++;
        }
        return new PayloadErasure(erased, kept, root);
    }

    private static JsonArray? Batch(JsonNode? root) => root switch
    {
        JsonArray array => array,
        JsonObject obj => BatchProperties.Select(p => obj[p]).OfType<JsonArray>().FirstOrDefault(a => a.All(e => e is null or JsonObject)),
        _ => null,
    };
}
