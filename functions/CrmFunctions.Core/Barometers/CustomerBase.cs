using CrmFunctions.Core.Barometers.Facts;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Barometers;

/// <summary>A stay of a guest as the customer-base figures need it: where, when it ended, what it brought.</summary>
public sealed record GuestStay(string Property, DateOnly CheckOutOn, decimal Revenue);

/// <summary>
/// One guest (a golden record) reduced to what the customer-base indicators read. <see cref="FirstSeen"/> is the
/// day its first source record arrived; <see cref="MergedOn"/> the days each later source record joined it (the
/// duplicates the pipeline merged into it).
/// </summary>
public sealed record GuestSummary(
    DateOnly FirstSeen,
    IReadOnlyList<DateOnly> MergedOn,
    IReadOnlyList<GuestStay> Stays,
    bool ValidEmail,
    bool ValidPhone,
    bool Consent);

/// <summary>The customer-base snapshots of a period, group-wide ("*") and per property.</summary>
public static class CustomerBase
{
    public const string AllProperties = "*";

    /// <summary>
    /// What a golden record says about its guest. Stays are the enrichment's (<see cref="StayMetrics.Distinct"/>):
    /// one stay told by several systems counts once; revenue is in the reporting currency, a stay in a currency
    /// without a rate bringing none.
    /// </summary>
    public static GuestSummary Summarize(GoldenRecord golden, StayOptions stayOptions)
    {
        var arrivals = golden.Members.Select(m => DateOnly.FromDateTime(m.Origin.ReceivedAt.UtcDateTime)).Order().ToList();
        var stays = StayMetrics.Distinct(golden.Members.Select(m => m.Contact.Stay).OfType<StayInput>())
            .Where(s => !string.IsNullOrWhiteSpace(s.PropertyId))
            .Select(s => new GuestStay(s.PropertyId!.Trim(), StayMetrics.End(s)!.Value, StayMetrics.Revenue(s, stayOptions) ?? 0m))
            .ToList();
        var consent = ConsentLedger.Current(golden.Consents).Values.Any(c => c.Granted);
        return new GuestSummary(
            arrivals.Count > 0 ? arrivals[0] : DateOnly.FromDateTime(golden.UpdatedAt.UtcDateTime),
            arrivals.Skip(1).ToList(),
            stays,
            golden.Emails.Any(e => (e.Value.Flags & (EmailFlags.Placeholder | EmailFlags.Disposable)) == 0),
            golden.Phones.Count > 0,
            consent);
    }

    /// <summary>
    /// Group-wide, a guest is active in the period when a stay of theirs ended in it or a record of theirs arrived in
    /// it (first seen or merged). For a property, only its stays count: active there = a stay there ended in the
    /// period; new and merged are counted among those guests; revenue is what their stays there brought.
    /// </summary>
    public static IReadOnlyDictionary<string, CustomerBaseSnapshot> Snapshots(IEnumerable<GuestSummary> guests, Period period, DateOnly asOf)
    {
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal) { [AllProperties] = new() };
        foreach (var guest in guests)
        {
            var isNew = period.Contains(guest.FirstSeen);
            var merged = guest.MergedOn.Count(period.Contains);
            var staysInPeriod = guest.Stays.Where(s => period.Contains(s.CheckOutOn)).ToList();
            if (staysInPeriod.Count > 0 || isNew || merged > 0)
                tallies[AllProperties].Add(guest, isNew, merged, staysInPeriod.Sum(s => s.Revenue));
            foreach (var atProperty in staysInPeriod.GroupBy(s => s.Property, StringComparer.Ordinal))
            {
                if (!tallies.TryGetValue(atProperty.Key, out var tally)) tallies[atProperty.Key] = tally = new();
                tally.Add(guest, isNew, merged, atProperty.Sum(s => s.Revenue));
            }
        }
        return tallies.ToDictionary(t => t.Key, t => t.Value.Snapshot(t.Key, asOf), StringComparer.Ordinal);
    }

    private sealed class Tally
    {
        private long active, newGuests, merged, email, phone, consent;
        private readonly List<decimal> revenue = [];

        public void Add(GuestSummary guest, bool isNew, int mergedInPeriod, decimal revenueInPeriod)
        {
            active++;
            if (isNew) newGuests++;
            merged += mergedInPeriod;
            if (guest.ValidEmail) email++;
            if (guest.ValidPhone) phone++;
            if (guest.Consent) consent++;
            revenue.Add(revenueInPeriod);
        }

        public CustomerBaseSnapshot Snapshot(string property, DateOnly asOf) => new()
        {
            Property = property,
            AsOf = asOf,
            ActiveGuests = active,
            NewGuests = newGuests,
            DuplicatesMerged = merged,
            WithValidEmail = email,
            WithValidPhone = phone,
            WithConsent = consent,
            RevenuePerGuest = revenue,
            Top20Revenue = revenue.OrderDescending().Take((int)Math.Ceiling(revenue.Count * 0.2m)).Sum(),
            TotalRevenue = revenue.Sum(),
        };
    }
}
