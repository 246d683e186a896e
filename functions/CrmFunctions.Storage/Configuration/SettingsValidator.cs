using Microsoft.Extensions.Options;

namespace CrmFunctions.Storage;

/// <summary>Turns a settings type's own list of problems into options validation, so that start-up stops on them.</summary>
public sealed class SettingsValidator<T>(Func<T, IEnumerable<string>> problems) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var found = problems(options).ToList();
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}
