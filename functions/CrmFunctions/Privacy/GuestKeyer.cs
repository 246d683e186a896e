using System.Text;
using CrmFunctions.Core.Normalization;
using CrmFunctions.Core.Privacy;
using CrmFunctions.Pipeline;
using Microsoft.Extensions.Options;

namespace CrmFunctions.Privacy;

/// <summary>
/// The guest keys of this deployment (<see cref="GuestKey"/> with the secret of <see cref="PrivacyOptions"/>): the one
/// place a key is made from an e-mail or a phone. Phones written in national form are read in the pipeline's
/// default country, as the pipeline reads them.
/// </summary>
public sealed class GuestKeyer
{
    private readonly byte[] _secret;
    private readonly string? _defaultCountry;

    public GuestKeyer(IOptions<PrivacyOptions> privacy, IOptions<PipelineOptions> pipeline)
    {
        _secret = Encoding.UTF8.GetBytes(privacy.Value.KeySecret!);
        _defaultCountry = pipeline.Value.DefaultCountry is { Length: > 0 } country ? country : null;
    }

    /// <summary>The key of one fact: its e-mail's when it has a usable one, else its phone's; null when neither identifies anyone.</summary>
    public string? Of(string? email, string? phone) => Of(email, phone, null);

    /// <param name="country">The guest's country (ISO alpha-2 or a name), for a phone in national form; the default country when null.</param>
    public string? Of(string? email, string? phone, string? country) => OfEmail(email) ?? OfPhone(phone, country);

    /// <summary>Every key of a guest with several contact points, each once: what an erasure looks for.</summary>
    public IReadOnlyList<string> AllOf(IEnumerable<string?> emails, IEnumerable<string?> phones) =>
        emails.Select(OfEmail).Concat(phones.Select(p => OfPhone(p, null))).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    public string? OfEmail(string? email) => GuestKey.OfEmail(_secret, email);

    public string? OfPhone(string? phone, string? country) => GuestKey.OfPhone(_secret, phone, Region(country));

    public string OfEmail(NormalizedEmail email) => GuestKey.OfEmail(_secret, email);

    public string OfPhone(NormalizedPhone phone) => GuestKey.OfPhone(_secret, phone);

    private string? Region(string? country) => Countries.ToAlpha2(country) ?? _defaultCountry;
}

public static class GuestKeyRegistration
{
    /// <summary>The guest keys and their secret, checked when the host starts.</summary>
    public static IServiceCollection AddGuestKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection("Privacy")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>();
        services.AddSingleton<GuestKeyer>();
        return services;
    }
}
