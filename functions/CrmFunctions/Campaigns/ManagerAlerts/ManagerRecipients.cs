using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Contracts;

namespace CrmFunctions.Campaigns.ManagerAlerts;

/// <summary>
/// One e-mail of a digest: the list it goes to (named by its setting key in logs and the sent-log, never by its
/// addresses), the property it is about (null for the default list) and its part of the digest.
/// </summary>
public sealed record EmailList(string Key, string? Property, IReadOnlyList<string> Addresses, AlertDigest Part);

/// <summary>Who gets which part of a digest by e-mail.</summary>
public static class ManagerRecipients
{
    public const string DefaultList = "default";

    public static IReadOnlyList<string> Split(string? addresses) =>
        (addresses ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// A property with a list of its own: its groups and baseline to that list. The default list: the group-wide
    /// groups and those of every property without a list, so that no change goes unread. A list with nothing to
    /// read gets no e-mail.
    /// </summary>
    public static IReadOnlyList<EmailList> EmailsOf(ManagerAlertsOptions options, AlertDigest digest)
    {
        IReadOnlyList<string> ListOf(string key) => Split(options.Emails.GetValueOrDefault(key));
        bool HasOwn(string? property) => property is not null && ListOf(SettingNames.Key(property)).Count > 0;

        var lists = new List<EmailList>();
        var properties = digest.Groups.Select(g => g.Property).Concat(digest.Baseline.Select(b => b.Property))
            .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var property in properties.Where(HasOwn))
            lists.Add(new EmailList(SettingNames.Key(property), property, ListOf(SettingNames.Key(property)), digest.For(p => p == property)));
        if (ListOf(DefaultList) is { Count: > 0 } managers && digest.For(p => !HasOwn(p)) is { IsEmpty: false } rest)
            lists.Add(new EmailList(DefaultList, null, managers, rest with { OmittedGroups = digest.OmittedGroups }));
        return lists;
    }
}
