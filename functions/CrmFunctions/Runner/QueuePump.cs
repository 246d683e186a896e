using System.Text.Json;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Hosting;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CrmFunctions.Messaging;
using CrmFunctions.Storage;

namespace CrmFunctions.Runner;

/// <summary>
/// Feeds one queue function from the Storage queue of the same name. A message is deleted only after
/// its outputs are on their queues; a failure leaves it hidden for a growing delay (or the delay a
/// <see cref="RetryLaterException"/> asks for, when longer), and the last allowed attempt, or a
/// <see cref="PermanentFunctionFailureException"/>, moves it to {queue}-poison with the error. A <see cref="DeferException"/> is
/// no failure: a copy goes back on the queue hidden until the time asked, and the message is deleted, so the copy starts
/// again at its first attempt however often it is deferred (a Storage queue cannot reset a message's dequeue count).
/// Stopping never loses a message: one not finished reappears when its visibility timeout lapses.
/// </summary>
public sealed class QueuePump(FunctionDefinition function, StorageServices storage, FunctionInvoker invoker, OutputRouter router,
    RunnerOptions options, TimeProvider clock, ILogger logger)
{
    private readonly QueueTrigger _trigger = (QueueTrigger)function.Trigger;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var queue = storage.GetQueueClient(_trigger.QueueName);
        var idle = TimeSpan.FromMilliseconds(50);
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(Math.Clamp(options.Concurrency, 1, 32),
                    TimeSpan.FromSeconds(options.VisibilityTimeoutSeconds), stoppingToken)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Receiving from {Queue} failed; retrying", _trigger.QueueName);
                messages = [];
            }

            if (messages.Length == 0)
            {
                await Delay(idle, stoppingToken);
                idle = TimeSpan.FromMilliseconds(Math.Min(options.MaxPollIntervalMilliseconds, idle.TotalMilliseconds * 2));
                continue;
            }
            idle = TimeSpan.FromMilliseconds(50);
            // In-flight messages finish even when stopping starts: the host's shutdown timeout bounds the wait.
            await Task.WhenAll(messages.Select(m => ProcessAsync(queue, m, CancellationToken.None)));
        }
    }

    public async Task ProcessAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var response = await invoker.InvokeAsync(function, BuildInvocation(message, clock.GetUtcNow()), cancellationToken);
            await router.RouteAsync(function, response, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (DeferException deferral)
        {
            await DeferAsync(queue, message, deferral, cancellationToken);
        }
        catch (Exception e)
        {
            await FailAsync(queue, message, e, cancellationToken);
        }
    }

    private async Task DeferAsync(QueueClient queue, QueueMessage message, DeferException deferral, CancellationToken cancellationToken)
    {
        try
        {
            await queue.SendMessageAsync(message.Body, StorageQueueSender.HiddenFor(deferral.Until, clock.GetUtcNow()), cancellationToken: cancellationToken);
        }
        catch (Exception e)
        {
            await FailAsync(queue, message, e, cancellationToken);
            return;
        }
        logger.LogInformation("{Function} deferred message {MessageId} until {Until:O}: {Reason}",
            function.Name, message.MessageId, deferral.Until, deferral.Message);
        try
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (Exception e)
        {
            // The original comes back when its visibility lapses, beside its copy: the function finds its work done once.
            logger.LogWarning(e, "Could not delete deferred message {MessageId} of {Queue}", message.MessageId, _trigger.QueueName);
        }
    }

    private async Task FailAsync(QueueClient queue, QueueMessage message, Exception error, CancellationToken cancellationToken)
    {
        try
        {
            if (message.DequeueCount >= options.MaxAttempts || error is PermanentFunctionFailureException)
            {
                var poison = new JsonObject
                {
                    ["function"] = function.Name,
                    ["queue"] = _trigger.QueueName,
                    ["messageId"] = message.MessageId,
                    ["attempts"] = message.DequeueCount,
                    ["failedAt"] = clock.GetUtcNow(),
                    ["error"] = $"{error.GetType().Name}: {error.Message}",
                    ["message"] = message.Body.ToString(),
                };
                await storage.GetQueueClient(QueueNames.Poison(_trigger.QueueName)).SendMessageAsync(poison.ToJsonString(), cancellationToken: cancellationToken);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                logger.LogError(error, "{Function} failed {Attempts} times on message {MessageId}; moved to {PoisonQueue}",
                    function.Name, message.DequeueCount, message.MessageId, QueueNames.Poison(_trigger.QueueName));
                return;
            }
            var delay = options.RetryDelay((int)message.DequeueCount);
            // A Storage queue hides a message for at most seven days.
            if (error is RetryLaterException later && later.RetryAfter > delay)
                delay = later.RetryAfter < TimeSpan.FromDays(7) ? later.RetryAfter : TimeSpan.FromDays(7);
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, (string?)null, delay, cancellationToken);
            logger.LogWarning(error, "{Function} failed on message {MessageId} (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}",
                function.Name, message.MessageId, message.DequeueCount, options.MaxAttempts, delay);
        }
        catch (Exception e)
        {
            // The message stays hidden until its visibility timeout lapses, then comes back: nothing is lost.
            logger.LogError(e, "Could not reschedule message {MessageId} of {Queue}", message.MessageId, _trigger.QueueName);
        }
    }

    /// <summary>The payload shape the Functions host sends for a Service Bus trigger with dataType binary.</summary>
    public JsonElement BuildInvocation(QueueMessage message, DateTimeOffset now)
    {
        var payload = new JsonObject
        {
            ["Data"] = new JsonObject { [_trigger.BindingName] = InvocationPayload.EncodeBase64(message.Body.ToString()) },
            ["Metadata"] = new JsonObject
            {
                ["DeliveryCount"] = message.DequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["MessageId"] = JsonSerializer.Serialize(message.MessageId),
                ["EnqueuedTimeUtc"] = (message.InsertedOn ?? now).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss"),
                ["ContentType"] = "\"application/json\"",
                ["sys"] = new JsonObject
                {
                    ["MethodName"] = function.Name,
                    ["UtcNow"] = now.UtcDateTime.ToString("O"),
                    ["RandGuid"] = Guid.NewGuid().ToString(),
                },
            },
        };
        return JsonSerializer.SerializeToElement(payload);
    }

    private static async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
