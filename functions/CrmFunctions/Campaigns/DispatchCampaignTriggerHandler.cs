using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Campaigns.ManagerAlerts;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Hosting;
using CrmFunctions.Pipeline;

namespace CrmFunctions.Campaigns;

/// <summary>
/// campaign-triggers → the e-mail/SMS platform or the outbound webhook (<see cref="CampaignDispatcher"/>). The
/// barometer refresh also puts one digest of its alerts per run on this queue ({"kind":"alert-digest",...}), delivered
/// to the managers' channels (<see cref="ManagerAlertDispatcher"/>).
/// </summary>
public sealed class DispatchCampaignTriggerHandler(CampaignDispatcher dispatcher, ManagerAlertDispatcher managers) : IFunctionHandler
{
    /// <summary>One alert per message, as refreshes sent before the digest: kept in the alert history, not delivered.</summary>
    public const string AlertKind = "alert";

    public async Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        var node = JsonNode.Parse(context.Message!.ToMemory().Span) as JsonObject
            ?? throw new PermanentFunctionFailureException("The message is not a JSON object.");
        switch ((string?)node["kind"])
        {
            case AlertDigest.MessageKind:
                return FunctionResult.Empty.Log(await managers.DeliverAsync(ReadDigest(node), cancellationToken));
            case AlertKind:
                return FunctionResult.Empty.Log($"barometer alert {(string?)node["indicator"]} ({(string?)node["dimension"]}) of an earlier version not dispatched: it is in the alert history");
        }
        CampaignTrigger trigger;
        try
        {
            trigger = node.Deserialize<CampaignTrigger>(PipelineJson.Options)!;
        }
        catch (JsonException e)
        {
            // It will not read better on the next delivery.
            throw new PermanentFunctionFailureException($"The message is not a campaign trigger ({e.Path ?? "$"}).");
        }
        return FunctionResult.Empty.Log(await dispatcher.DispatchAsync(trigger, cancellationToken));
    }

    private static AlertDigest ReadDigest(JsonObject node)
    {
        try
        {
            return node.Deserialize<AlertDigest>(AlertDigest.JsonOptions) ?? throw new JsonException();
        }
        catch (JsonException e)
        {
            throw new PermanentFunctionFailureException($"The message is not an alert digest ({e.Path ?? "$"}).");
        }
    }
}
