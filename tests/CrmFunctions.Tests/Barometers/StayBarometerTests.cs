using System.Net;
using System.Text.Json.Nodes;
using CrmFunctions.Barometers;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CrmFunctions.Tests.Barometers.BarometerTestData;

namespace CrmFunctions.Tests.Barometers;

/// <summary>Stays sent with contacts become the denominator of complaints per 100 stays, each counted once.</summary>
public sealed class StayBarometerTests : AppTest
{
    private static readonly DateTimeOffset Week47 = new(2026, 11, 17, 9, 0, 0, TimeSpan.FromHours(1));

    private readonly MovableClock clock;

    public StayBarometerTests(AzuriteFixture azurite) : this(azurite, new MovableClock())
    {
    }

    private StayBarometerTests(AzuriteFixture azurite, MovableClock clock) : base(azurite, f =>
    {
        f.Settings["Barometers:Thresholds:complaints_per_100_stays:MinimumSample"] = "4";
        f.ConfigureServices = services => services.AddSingleton<TimeProvider>(clock);
    })
    {
        this.clock = clock;
    }

    private static JsonObject Guest(string email, JsonObject stay) => new()
    {
        ["givenName"] = "Guest",
        ["familyName"] = "Of-" + email[..email.IndexOf('@')],
        ["emails"] = new JsonArray(email),
        ["stay"] = stay,
    };

    private static JsonObject Stay(string property, string? reservation, string? arrival, string? departure,
        int? nights = null, string? segment = null) => new()
    {
        ["propertyId"] = property,
        ["reservationId"] = reservation,
        ["arrival"] = arrival,
        ["departure"] = departure,
        ["roomNights"] = nights,
        ["revenue"] = 250.0,
        ["currency"] = "EUR",
        ["segment"] = segment,
    };

    private async Task PostContactsAsync(string source, params JsonObject[] contacts)
    {
        var body = new JsonObject { ["source"] = source, ["contacts"] = new JsonArray(contacts) };
        var response = await Client.PostAsync("/api/contacts", Signing.Json(body.ToJsonString()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<JsonObject> Per100StaysAsync(string property, string? segment = null) =>
        Indicator(await GetAsync(Client, $"/api/barometers?period=week&date=2026-11-18&property={property}"
            + (segment is null ? "" : $"&segment={segment}")), "complaints.per-100-stays");

    [Fact]
    public async Task Complaints_per_100_stays_counts_each_stay_once_on_its_departure_day()
    {
        var property = NewProperty();
        var tag = Guid.NewGuid().ToString("N")[..8];
        // Week 47 (16–22 Nov): five stays ended, one of them known by its dates and the guest's e-mail only, one given
        // as arrival + nights; one stay ends the next week and must not count in this one.
        await PostContactsAsync("pms",
            Guest($"a-{tag}@example.com", Stay(property, "R-1", "2026-11-14", "2026-11-16", segment: "business")),
            Guest($"b-{tag}@example.com", Stay(property, "R-2", "2026-11-15", "2026-11-17")),
            Guest($"c-{tag}@example.com", Stay(property, "R-3", "2026-11-18", null, nights: 2)),
            Guest($"d-{tag}@example.com", Stay(property, null, "2026-11-19", "2026-11-21")),
            Guest($"e-{tag}@example.com", Stay(property, "R-5", "2026-11-20", "2026-11-22")),
            Guest($"f-{tag}@example.com", Stay(property, "R-6", "2026-11-21", "2026-11-23")));
        await PostSurveyAsync(Client, property, Week47, 2, complaint: true, reason: "Noise");
        await PostSurveyAsync(Client, property, Week47, 9);
        await PostSurveyAsync(Client, property, Week47.AddDays(1), 3, complaint: true, reason: "Cleanliness");
        await RefreshAsync(Client);

        // 2 complaints ÷ 5 stays × 100.
        var indicator = await Per100StaysAsync(property);
        Assert.Equal(40, (double)indicator["value"]!);
        Assert.Equal(5, (long)indicator["n"]!);
        Assert.Equal("alert", (string?)indicator["status"]);
        var complaints = await GetAsync(Client, $"/api/barometers/complaints?period=week&date=2026-11-18&property={property}");
        Assert.Equal(5, (long)complaints["stays"]!);
        Assert.Equal(40, (double)complaints["per100Stays"]!);
        var business = await GetAsync(Client,
            $"/api/barometers/complaints?period=week&date=2026-11-18&property={property}&segment=business");
        Assert.Equal(1, (long)business["stays"]!);
        var nextWeek = await GetAsync(Client, $"/api/barometers/complaints?period=week&date=2026-11-25&property={property}");
        Assert.Equal(1, (long)nextWeek["stays"]!);

        // The next day: the PMS export is sent again, and the booking engine reports two of the same reservations.
        clock.Advance(TimeSpan.FromDays(1));
        await PostContactsAsync("pms",
            Guest($"b-{tag}@example.com", Stay(property, "R-2", "2026-11-15", "2026-11-17")),
            Guest($"d-{tag}@example.com", Stay(property, null, "2026-11-19", "2026-11-21")));
        await PostContactsAsync("booking-engine",
            Guest($"a-{tag}@example.com", Stay(property, "R-1", "2026-11-14", "2026-11-16", segment: "business")),
            Guest($"e-{tag}@example.com", Stay(property, "R-5", "2026-11-20", "2026-11-22")));
        await RefreshAsync(Client);

        indicator = await Per100StaysAsync(property);
        Assert.Equal(40, (double)indicator["value"]!);
        Assert.Equal(5, (long)indicator["n"]!);

        // A sixth stay in the week: the rate follows.
        await PostContactsAsync("pms", Guest($"g-{tag}@example.com", Stay(property, "R-7", "2026-11-20", "2026-11-21")));
        await RefreshAsync(Client);
        indicator = await Per100StaysAsync(property);
        Assert.Equal(33.33, (double)indicator["value"]!);
        Assert.Equal(6, (long)indicator["n"]!);
    }

    [Fact]
    public async Task A_stay_that_cannot_be_placed_on_a_day_is_not_counted_and_a_bad_segment_is_refused()
    {
        var property = NewProperty();
        await PostContactsAsync("pms", Guest($"h-{Guid.NewGuid():N}@example.com", Stay(property, "R-9", null, null)));
        await RefreshAsync(Client);
        var complaints = await GetAsync(Client, $"/api/barometers/complaints?period=week&date=2026-11-18&property={property}");
        Assert.Equal(0, (long)complaints["stays"]!);

        var tooLong = Guest("i@example.com", Stay(property, "R-10", "2026-11-18", "2026-11-19", segment: new string('x', 61)));
        var response = await Client.PostAsync("/api/contacts", Signing.Json(tooLong.ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("stay.segment", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_erased_guest_s_stays_are_taken_out_and_stay_out_after_a_backfill()
    {
        var property = NewProperty();
        var tag = Guid.NewGuid().ToString("N")[..8];
        await PostContactsAsync("pms",
            Guest($"keep-{tag}@example.com", Stay(property, "R-1", "2026-11-16", "2026-11-18")),
            Guest($"erase-{tag}@example.com", Stay(property, "R-2", "2026-11-16", "2026-11-18")),
            Guest($"erase-{tag}@example.com", Stay(property, null, "2026-11-19", "2026-11-20")));
        await RefreshAsync(Client);
        Assert.Equal(3, (long)(await Per100StaysAsync(property))["n"]!);

        var refresher = Factory.Services.GetRequiredService<BarometerRefresher>();
        Assert.Equal(2, await refresher.ForgetGuestAsync($"Erase-{tag}@example.com", null, CancellationToken.None));
        Assert.Equal(1, (long)(await Per100StaysAsync(property))["n"]!);

        await refresher.RefreshAsync(clock.GetUtcNow().AddDays(-1), null, CancellationToken.None);
        Assert.Equal(1, (long)(await Per100StaysAsync(property))["n"]!);
    }

    /// <summary>The system clock moved forward on demand: a delivery received "the next day".</summary>
    private sealed class MovableClock : TimeProvider
    {
        private long offsetTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));
    }
}
