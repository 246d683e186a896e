using CrmFunctions.Core.Contracts;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Privacy;

/// <summary>Settings of the guest's privacy (section "Privacy").</summary>
public sealed class PrivacyOptions
{
    /// <summary>Fewer characters than this could be guessed, and with it every guest key reversed with a list of addresses.</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>
    /// Secret of the guest keys (<see cref="GuestKeyer"/>). Changing it changes every key: run "privacy rekey" only from
    /// the bare hashes of earlier versions, never from keys made with another secret.
    /// </summary>
    public string? KeySecret { get; set; }
}

/// <summary>
/// Refuses at start-up a missing or short key secret, and an unresolved Key Vault reference (App Service passes the
/// reference text on when it cannot read the secret): keys made with the wrong secret would file facts where no
/// erasure finds them.
/// </summary>
public sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options) => Problem(options.KeySecret) is { } problem
        ? ValidateOptionsResult.Fail($"Setting {SettingNames.PrivacyKeySecret} {problem}")
        : ValidateOptionsResult.Success;

    private static string? Problem(string? secret) => secret switch
    {
        null or "" => $"is not set: give a random secret of at least {PrivacyOptions.MinimumSecretLength} characters (the guest keys are made with it).",
        _ when secret.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) =>
            "is a Key Vault reference that was not resolved: check that the secret exists and the app's identity may read it.",
        { Length: < PrivacyOptions.MinimumSecretLength } =>
            $"is too short: {secret.Length} characters, at least {PrivacyOptions.MinimumSecretLength} are needed.",
        _ => null,
    };
}
