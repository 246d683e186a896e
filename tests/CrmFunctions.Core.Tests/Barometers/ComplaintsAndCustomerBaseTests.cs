using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Barometers.Facts;

namespace CrmFunctions.Core.Tests.Barometers;

public class ComplaintsAndCustomerBaseTests
{
    [Fact]
    public void Complaints_per_100_stays_and_top_three_motives_from_surveys_and_interactions()
    {
        // Surveys: "Noise" ×2, "noise " ×1, "cleanliness" ×2, one complaint without a reason.
        // Interactions: "NOISE" ×1, "Cleanliness" ×1, "billing" ×2, plus one request that is not a complaint.
        // noise 4, cleanliness 3, billing 2, unspecified 1 → 10 complaints; 250 stays → 10/250 × 100 = 4.0.
        // Top 3: noise 4/10 = 0.4, cleanliness 0.3, billing 0.2.
        SurveyAnswer Complaint(string key, string? reason) => Sample.Answer(key, complaint: true, reason: reason);
        Interaction Desk(string id, InteractionType type, string reason) =>
            Sample.Call(id, 5, channel: ContactChannel.Desk) with { Type = type, Reason = reason };
        var facts = new BarometerFacts
        {
            Answers = [Complaint("s1", "Noise"), Complaint("s2", "Noise"), Complaint("s3", "noise "),
                       Complaint("s4", "cleanliness"), Complaint("s5", "cleanliness"), Complaint("s6", null),
                       Sample.Answer("happy", nps: 10)],
            Interactions = [Desk("i1", InteractionType.Complaint, "NOISE"), Desk("i2", InteractionType.Complaint, "Cleanliness"),
                            Desk("i3", InteractionType.Complaint, "billing"), Desk("i4", InteractionType.Complaint, "billing"),
                            Desk("i5", InteractionType.Request, "late check-out")],
            Stays = Enumerable.Range(0, 250).Select(_ => new Stay("P1", "leisure", "direct", Sample.Day)).ToList(),
        };

        var complaints = Measures.Complaints(Sample.Total(facts));

        Assert.Equal(10, complaints.Count);
        Assert.Equal(4.0, complaints.Per100Stays!.Value, 9);
        Assert.Equal(
            [new MotiveShare("noise", 4, 0.4), new MotiveShare("cleanliness", 3, 0.3), new MotiveShare("billing", 2, 0.2)],
            complaints.TopMotives);
    }

    [Fact]
    public void Complaints_without_stays_have_a_count_but_no_rate()
    {
        var complaints = Measures.Complaints(Sample.Total([Sample.Answer("s1", complaint: true, reason: "noise")]));

        Assert.Equal(1, complaints.Count);
        Assert.Null(complaints.Per100Stays);
    }

    [Fact]
    public void Customer_base_health_shares_and_top_20_percent_revenue_weight()
    {
        // 200 active guests: 150 valid e-mails → 75%, 90 phones → 45%, 60 consents → 30%.
        // Revenue of 5 guests 1000, 400, 300, 200, 100 (total 2000): top ⌈20% × 5⌉ = 1 guest → 1000/2000 = 50%.
        var health = Measures.CustomerBase(new CustomerBaseSnapshot
        {
            Property = "P1", AsOf = Sample.Day, ActiveGuests = 200, NewGuests = 35, DuplicatesMerged = 7,
            WithValidEmail = 150, WithValidPhone = 90, WithConsent = 60,
            RevenuePerGuest = [300m, 1000m, 100m, 400m, 200m],
        });

        Assert.Equal((200L, 35L, 7L), (health.ActiveGuests, health.NewGuests, health.DuplicatesMerged));
        Assert.Equal(75, health.ValidEmailPercent!.Value, 9);
        Assert.Equal(45, health.ValidPhonePercent!.Value, 9);
        Assert.Equal(30, health.ConsentPercent!.Value, 9);
        Assert.Equal(50, health.Top20RevenueSharePercent!.Value, 9);
    }

    [Fact]
    public void Top_20_percent_rounds_the_group_up_and_is_undefined_without_revenue()
    {
        // 6 guests: ⌈1.2⌉ = 2 best guests, 50 + 30 of 100 → 80%.
        Assert.Equal(80, Measures.Top20RevenueSharePercent([50m, 30m, 5m, 5m, 5m, 5m])!.Value, 9);
        Assert.Null(Measures.Top20RevenueSharePercent([]));
        Assert.Null(Measures.Top20RevenueSharePercent([0m, 0m]));
    }
}
