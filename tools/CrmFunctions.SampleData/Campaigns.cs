using Bogus;

namespace CrmFunctions.SampleData;

/// <summary>
/// What the e-mail/SMS platform reports about post-stay survey invitations: delivered or bounced, opened, clicked,
/// unsubscribed, and on SMS the guest's reply with a score (which becomes their NPS answer).
/// </summary>
public sealed class CampaignFactory(int seed)
{
    public const string CampaignId = "post-stay-2026";

    private readonly Randomizer _random = new(seed);

    /// <summary>The invitation's events, oldest first; <paramref name="answered"/> guests already answered the web survey.</summary>
    public IEnumerable<object> Invitation(Guest guest, Stay stay, bool answered, double recentness, DateTimeOffset now)
    {
        var sent = new DateTimeOffset(stay.Departure.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero).AddMinutes(_random.Number(0, 240));
        if (sent > now)
            yield break;
        var sms = !answered && _random.Bool(0.3f);
        var channel = sms ? "sms" : "email";
        var messageId = $"inv-{stay.ReservationId}";
        var contact = sms ? (object)new { phone = guest.Phone } : new { email = guest.Email };
        object Event(string type, DateTimeOffset time, string? text = null, string? link = null) => new Dictionary<string, object?>
        {
            ["provider"] = "sample-platform", ["messageId"] = messageId, ["campaignId"] = CampaignId, ["type"] = type,
            ["time"] = time.ToString("O"), ["channel"] = channel, ["contact"] = contact, ["propertyId"] = stay.Property.Id,
            ["surveyId"] = CampaignId, ["segment"] = guest.Segment, ["text"] = text, ["link"] = link,
        }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);

        if (_random.Bool(sms ? 0.02f : 0.04f))
        {
            yield return Event("bounced", sent.AddSeconds(_random.Number(2, 60)));
            yield break;
        }
        var delivered = sent.AddSeconds(_random.Number(2, 60));
        yield return Event("delivered", delivered);
        var later = delivered.AddMinutes(_random.Number(5, 36 * 60));
        if (later > now)
            yield break;
        if (sms)
        {
            if (_random.Bool(0.01f))
                yield return Event("inbound_reply", later, text: "STOP");
            else if (_random.Bool(0.35f))
            {
                var score = Math.Clamp((int)Math.Round(stay.Property.QualityAt(recentness) * 10 + (_random.Double() - 0.5) * 4), 0, 10);
                yield return Event("inbound_reply", later, text: score.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            yield break;
        }
        if (!_random.Bool(0.55f))
            yield break;
        yield return Event("opened", later);
        if (_random.Bool(answered ? 0.9f : 0.2f))
            yield return Event("clicked", later.AddSeconds(_random.Number(5, 120)), link: $"https://survey.example.com/{CampaignId}");
        if (_random.Bool(0.015f))
            yield return Event("unsubscribed", later.AddMinutes(_random.Number(1, 10)));
        else if (_random.Bool(0.003f))
            yield return Event("spam_complaint", later.AddMinutes(_random.Number(1, 10)));
    }
}
