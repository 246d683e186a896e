using Microsoft.Extensions.Options;

namespace CrmFunctions.Hosting;

public static class SettingsFailures
{
    /// <summary>
    /// The settings problems behind a failed start (the host gathers every options validation that failed into one
    /// AggregateException), or none when the start failed for another reason.
    /// </summary>
    public static IReadOnlyList<string> Of(Exception exception) => exception switch
    {
        OptionsValidationException validation => validation.Failures.ToList(),
        AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
            aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToList(),
        _ => [],
    };
}
