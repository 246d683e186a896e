namespace CrmFunctions.Runner;

/// <summary>The local trigger runner's settings (standalone mode only; in Azure the host does this work).</summary>
public sealed class RunnerOptions
{
    /// <summary>Deliveries before a message is moved to {queue}-poison (Service Bus' MaxDeliveryCount plays this role in Azure).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Messages processed at once per queue function.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>How long a received message stays hidden from other receivers while it is processed.</summary>
    public int VisibilityTimeoutSeconds { get; set; } = 60;

    /// <summary>First retry delay; doubles per attempt up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    public double RetryDelaySeconds { get; set; } = 2;

    public double MaxRetryDelaySeconds { get; set; } = 60;

    /// <summary>Longest wait between polls of an empty queue.</summary>
    public int MaxPollIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Turns the runner off, e.g. to look at messages waiting on a queue.</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(MaxRetryDelaySeconds, RetryDelaySeconds * Math.Pow(2, Math.Max(0, attempt - 1))));
}
