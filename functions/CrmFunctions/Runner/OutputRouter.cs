using CrmFunctions.Hosting;
using CrmFunctions.Storage;

namespace CrmFunctions.Runner;

/// <summary>Moves a function's Outputs to the Storage queues named by its output bindings, as the host does with Service Bus.</summary>
public sealed class OutputRouter(StorageServices storage)
{
    public async Task<int> RouteAsync(FunctionDefinition function, InvocationResponse response, CancellationToken cancellationToken)
    {
        var sent = 0;
        foreach (var (binding, text) in response.Messages())
        {
            var output = function.Outputs.Single(o => o.BindingName == binding);
            await storage.GetQueueClient(output.QueueName).SendMessageAsync(text, cancellationToken: cancellationToken);
            sent++;
        }
        return sent;
    }
}
