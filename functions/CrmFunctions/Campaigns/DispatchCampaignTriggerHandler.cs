using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Hosting;
using CrmFunctions.Pipeline;

namespace CrmFunctions.Campaigns;

/// <summary>
/// campaign-triggers → the e-mail/SMS platform or the outbound webhook (<see cref="CampaignDispatcher"/>). The
/// barometer refresh also puts its alerts on this queue ({"kind":"alert",...}); they are not delivered to managers yet,
/// and each is kept in the alert history (GET /api/barometers/alerts) before it is queued, so it is completed here
/// with a log line rather than parked.
/// </summary>
public sealed class DispatchCampaignTriggerHandler(CampaignDispatcher dispatcher) : IFunctionHandler
{
    public const string AlertKind = "alert";

    public async Task<FunctionResult> RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        var node = JsonNode.Parse(context.Message!.ToMemory().Span) as JsonObject
            ?? throw new PermanentFunctionFailureException("The message is not a JSON object.");
        if ((string?)node["kind"] == AlertKind)
            return FunctionResult.Empty.Log($"barometer alert {(string?)node["indicator"]} ({(string?)node["dimension"]}) not dispatched: alerts to managers are not delivered yet");
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
}
