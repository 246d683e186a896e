using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Barometers.Facts;
using CrmFunctions.Core.Contacts;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Core.Matching;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Tests.Barometers;

public class CustomerBaseSnapshotTests
{
    private static readonly DateOnly Monday = new(2026, 11, 16);
    private static readonly Period Week47 = Period.Containing(PeriodKind.IsoWeek, Monday);

    private static GuestSummary Guest(DateOnly firstSeen, IReadOnlyList<GuestStay> stays, bool email = true, bool phone = true,
        bool consent = false, params DateOnly[] merged) => new(firstSeen, merged, stays, email, phone, consent);

    [Fact]
    public void Week_snapshot_counts_active_new_merged_contact_points_and_revenue_group_wide_and_per_property()
    {
        var guests = new[]
        {
            // Known for a year, stayed in Paris this week, a duplicate merged this week and one last month.
            Guest(Monday.AddYears(-1), [new("paris", Monday.AddDays(2), 900m)], consent: true, merged: [Monday.AddDays(1), Monday.AddMonths(-1)]),
            // New this week, stayed in Paris and in Nice this week.
            Guest(Monday, [new("paris", Monday.AddDays(1), 100m), new("nice", Monday.AddDays(3), 300m)], phone: false),
            // New this week, no stay yet: active group-wide (a record arrived), not at any property.
            Guest(Monday.AddDays(4), [], email: false),
            // Stayed last week only: not active this week.
            Guest(Monday.AddYears(-2), [new("nice", Monday.AddDays(-1), 5000m)]),
        };

        var snapshots = CustomerBase.Snapshots(guests, Week47, Monday.AddDays(6));

        var all = snapshots[CustomerBase.AllProperties];
        Assert.Equal(3, all.ActiveGuests);
        Assert.Equal(2, all.NewGuests);
        Assert.Equal(1, all.DuplicatesMerged);
        Assert.Equal(2, all.WithValidEmail);
        Assert.Equal(2, all.WithValidPhone);
        Assert.Equal(1, all.WithConsent);
        // Revenue this week: 900, 400, 0 → the best ⌈0.6⌉ = 1 guest makes 900 of 1,300.
        var health = Measures.CustomerBase(all);
        Assert.Equal(100.0 * 900 / 1300, health.Top20RevenueSharePercent!.Value, 9);
        Assert.Equal(100.0 * 2 / 3, health.ValidEmailPercent!.Value, 9);

        var paris = snapshots["paris"];
        Assert.Equal(2, paris.ActiveGuests);
        Assert.Equal(1, paris.NewGuests);
        Assert.Equal(1, paris.DuplicatesMerged);
        Assert.Equal(90, Measures.CustomerBase(paris).Top20RevenueSharePercent!.Value, 9); // 900 of 1,000
        var nice = snapshots["nice"];
        Assert.Equal(1, nice.ActiveGuests);
        Assert.Equal(100, Measures.CustomerBase(nice).Top20RevenueSharePercent!.Value, 9);
    }

    [Fact]
    public void An_empty_base_has_no_active_guest_and_no_shares()
    {
        var all = CustomerBase.Snapshots([], Week47, Monday)[CustomerBase.AllProperties];

        Assert.Equal(0, all.ActiveGuests);
        var health = Measures.CustomerBase(all);
        Assert.Null(health.ValidEmailPercent);
        Assert.Null(health.Top20RevenueSharePercent);
        Assert.Equal(IndicatorStatus.InsufficientSample,
            Barometer.Compute(BarometerAggregate.Empty, BarometerAggregate.Empty, Week47, BarometerFilter.All,
                new BarometerSettings { Indicators = [IndicatorIds.ValidEmail] }, all)[IndicatorIds.ValidEmail].Status);
    }

    [Fact]
    public void A_golden_record_counts_one_stay_told_by_two_systems_once_and_its_contact_points()
    {
        var at = new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.Zero);
        GoldenMember Member(string source, DateTimeOffset receivedAt, StayInput? stay) =>
            new(new ContactOrigin(source, source + "-1", receivedAt), new NormalizedContact { Stay = stay });
        var stay = new StayInput { PropertyId = "paris", ReservationId = "R-1", Arrival = Monday, Departure = Monday.AddDays(2), Revenue = 400m };
        var golden = new GoldenRecord
        {
            ContactId = "ct-1",
            Members =
            [
                Member("pms", at, stay),
                Member("booking-engine", at.AddDays(3), stay with { Revenue = 450m }),
                Member("web-form", at.AddDays(4), new StayInput { PropertyId = "nice", Arrival = Monday, RoomNights = 1, Revenue = 80m }),
                // No rate for this currency: the stay counts, its revenue does not.
                Member("pms", at.AddDays(5), new StayInput { PropertyId = "lyon", Departure = Monday.AddDays(5), Revenue = 999m, Currency = "JPY" }),
            ],
            Consents =
            [
                new ConsentRecord(ConsentChannel.Email, true, at, "desk"),
                new ConsentRecord(ConsentChannel.Email, false, at.AddDays(1), "unsubscribe"),
            ],
        };

        var guest = CustomerBase.Summarize(golden, new StayOptions());

        Assert.Equal(Monday, guest.FirstSeen);
        Assert.Equal([Monday.AddDays(3), Monday.AddDays(4), Monday.AddDays(5)], guest.MergedOn);
        Assert.Equal(
            [new GuestStay("paris", Monday.AddDays(2), 450m), new GuestStay("nice", Monday.AddDays(1), 80m), new GuestStay("lyon", Monday.AddDays(5), 0m)],
            guest.Stays.OrderByDescending(s => s.Revenue));
        Assert.False(guest.ValidEmail);
        Assert.False(guest.ValidPhone);
        Assert.False(guest.Consent); // the latest e-mail statement withdrew it
    }
}
