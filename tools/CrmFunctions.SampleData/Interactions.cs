using Bogus;

namespace CrmFunctions.SampleData;

/// <summary>
/// A day of a property's contact centre and front desk: calls (answered within some seconds, or abandoned), e-mails,
/// chats and desk requests, some of them complaints with a motive, each handled by an agent on shift.
/// </summary>
public sealed class InteractionFactory(int seed)
{
    private static readonly string[] RequestReasons = ["late check-out", "extra towels", "taxi", "restaurant booking", "invoice", "room change", "parking"];
    private static readonly string[] Information = ["opening hours", "parking", "breakfast times", "spa", "directions"];

    private readonly Randomizer _random = new(seed);

    public IEnumerable<object> Day(Property property, DateOnly day, double recentness, DateTimeOffset now)
    {
        var quality = property.QualityAt(recentness);
        var answerSeconds = property.AnswerSecondsAt(recentness);
        // One agent on the phones (two on one day in four), one at the desk: some twenty contacts each a day.
        var shift = _random.Bool(0.25f) ? 2 : 1;
        var contactAgents = Enumerable.Range(1, 5).OrderBy(_ => _random.Int()).Take(shift).Select(n => $"cc-{property.Code}-{n}").ToArray();
        var deskAgents = Enumerable.Range(1, 4).OrderBy(_ => _random.Int()).Take(1).Select(n => $"fd-{property.Code}-{n}").ToArray();
        var counter = 0;
        object? Make(string channel, string team, string[] agents)
        {
            var received = new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero).AddSeconds(_random.Number(0, 14 * 3600));
            if (received > now)
                return null;
            var id = $"int-{property.Code}-{day:yyyyMMdd}-{++counter:D3}";
            var type = _random.Double() switch
            {
                // Most contacts are requests; complaints are rare (a few per hundred stays with the survey ones).
                var r when r < (1 - quality) * 0.004 => "complaint",
                var r when r < 0.7 => "request",
                _ => "information",
            };
            var reason = type switch
            {
                "complaint" => _random.Bool((float)property.NoiseRisk) ? "noise" : _random.ArrayElement(HotelGroup.ComplaintReasons.ToArray()),
                "request" => _random.ArrayElement(RequestReasons),
                _ => _random.ArrayElement(Information),
            };
            var body = new Dictionary<string, object?>
            {
                ["id"] = id, ["channel"] = channel, ["propertyId"] = property.Id, ["team"] = team,
                ["receivedAt"] = received.ToString("O"), ["type"] = type, ["reason"] = reason,
            };
            if (channel == "phone" && _random.Bool((float)property.AbandonRate))
            {
                body["abandoned"] = true;
                body["abandonedAt"] = received.AddSeconds(_random.Number(5, 90)).ToString("O");
                return body;
            }
            // Calls wait an exponentially distributed time; written answers wait minutes to hours.
            var wait = channel == "phone" ? -Math.Log(1 - _random.Double()) * answerSeconds
                : channel == "desk" ? _random.Number(0, 240) : _random.Number(60, 4 * 3600);
            var answered = received.AddSeconds(Math.Round(wait));
            var closed = answered.AddSeconds(_random.Number(60, 600));
            if (closed > now)
                return null;
            body["agentId"] = _random.ArrayElement(agents);
            body["answeredAt"] = answered.ToString("O");
            body["closedAt"] = closed.ToString("O");
            body["resolvedAtFirstContact"] = _random.Bool((float)(0.55 + quality * 0.35));
            return body;
        }
        var calls = property.Rooms * 2 / 7 + _random.Number(-4, 4);
        for (var i = 0; i < calls; i++)
            if (Make("phone", "contact-centre", contactAgents) is { } call) yield return call;
        for (var i = property.Rooms / 8 + _random.Number(-2, 2); i > 0; i--)
            if (Make("desk", "front-desk", deskAgents) is { } desk) yield return desk;
        for (var i = _random.Number(1, 4); i > 0; i--)
            if (Make("email", "contact-centre", contactAgents) is { } email) yield return email;
        for (var i = _random.Number(0, 3); i > 0; i--)
            if (Make("chat", "contact-centre", contactAgents) is { } chat) yield return chat;
    }
}
