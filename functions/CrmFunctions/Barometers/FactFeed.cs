using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Barometers.Facts;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Intake;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;

namespace CrmFunctions.Barometers;

/// <summary>
/// One version of one fact as the barometers see it: where it counts and what it adds.
/// <see cref="Key"/> is stable across redeliveries (the fact table's row key); <see cref="Version"/> is when
/// intake stored this version, so the newest one wins.
/// </summary>
public sealed record FactChange(string Key, DateTimeOffset Version, string? GuestKey, AggregateKey? Day, BarometerAggregate Contribution);

/// <summary>
/// The change feed: every fact table is partitioned by the UTC day intake received the delivery and carries that
/// time, so "what changed since the watermark" is a range of partitions plus a time filter, whatever the history.
/// </summary>
public sealed class FactFeed(StorageServices storage, GuestKeyer keys)
{
    /// <summary>Guests without a known segment (until the contact pipeline tags them) count here.</summary>
    public const string UnknownSegment = "unknown";
    public const string UnknownChannel = "unknown";

    public async IAsyncEnumerable<FactChange> ReadSinceAsync(DateTimeOffset? since,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var table in FactTables.All)
            await foreach (var row in QueryAsync(table.Name, table.TimeColumn, since, table.Columns, cancellationToken))
                if (table.Read(row, keys) is { } fact)
                    yield return fact;
    }

    /// <summary>
    /// The facts of the change feed (BarometerChanges), with the change rows to delete once they are counted. A change
    /// row carries what its fact counts (<see cref="ChangeRows"/>): reading the feed is a few queries, not a point
    /// read per fact. Rows written before change rows carried their fact point at it instead; a fact gone since
    /// yields nothing, and its change row is consumed all the same.
    /// </summary>
    public async Task<(List<FactChange> Changes, List<TableEntity> Consumed)> ReadPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await storage.GetTableClient(TableNames.BarometerChanges)
            .QueryRowsAsync(maxPerPage: 1000, cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        var changes = new System.Collections.Concurrent.ConcurrentBag<FactChange>();
        var pointers = new List<(TableEntity Change, FactTable Table)>();
        foreach (var change in pending)
        {
            if (FactTables.Find(change.GetString("Table")) is not { } table) continue;
            if (ChangeRows.Fact(change) is { } carried)
            {
                if (table.Read(carried, keys) is { } fact) changes.Add(fact);
            }
            else
            {
                pointers.Add((change, table));
            }
        }
        await Parallel.ForEachAsync(pointers, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (pointer, ct) =>
            {
                var row = await storage.GetTableClient(pointer.Table.Name).GetEntityOrDefaultAsync(pointer.Change.GetString("FactPartition")!,
                    pointer.Change.GetString("FactRow")!, pointer.Table.Columns, ct);
                if (row is not null && pointer.Table.Read(row, keys) is { } fact) changes.Add(fact);
            });
        return (changes.ToList(), pending);
    }

    /// <summary>
    /// Deletes consumed change rows with the ETag they were read with: a fact stored again meanwhile has rewritten its
    /// change row, which then stays for the next refresh.
    /// </summary>
    public async Task DeleteConsumedAsync(IReadOnlyList<TableEntity> consumed, CancellationToken cancellationToken)
    {
        var table = storage.GetTableClient(TableNames.BarometerChanges);
        var batches = TableBatches.Of(consumed, TableTransactionActionType.Delete);
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (batch, ct) =>
            {
                try
                {
                    await table.SubmitTransactionAsync(batch, ct);
                }
                catch (Azure.RequestFailedException)
                {
                    foreach (var c in batch.Select(a => a.Entity))
                    {
                        try { await table.DeleteEntityAsync(c.PartitionKey, c.RowKey, c.ETag == default ? ETag.All : c.ETag, ct); }
                        catch (Azure.RequestFailedException e) when (e.Status is 404 or 412) { }
                    }
                }
            });
    }

    /// <summary>
    /// Day partition by day partition (an equality on the partition key is what every table store serves best),
    /// from the day of <paramref name="since"/> (or the oldest partition) to tomorrow, for clocks that run ahead.
    /// </summary>
    private async IAsyncEnumerable<TableEntity> QueryAsync(string table, string timeColumn, DateTimeOffset? since, IReadOnlyList<string> select,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = storage.GetTableClient(table);
        DateOnly first;
        if (since is { } from)
        {
            first = DateOnly.FromDateTime(from.UtcDateTime);
        }
        else
        {
            string? oldest = null;
            await foreach (var row in client.QueryRowsAsync(select: ["PartitionKey"], maxPerPage: 1, cancellationToken: cancellationToken))
            {
                oldest = row.PartitionKey;
                break;
            }
            if (oldest is null || !DateOnly.TryParseExact(oldest, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first))
                yield break;
        }
        var last = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
            if (since is { } after) filter += " and " + TableClientExtensions.Compare(timeColumn, "ge", after);
            await foreach (var row in client.QueryRowsAsync(filter, select, maxPerPage: 1000, cancellationToken: cancellationToken))
                yield return row;
        }
    }

    public static FactChange Survey(TableEntity row, string? guestKey)
    {
        var submittedAt = row.GetDateTimeOffset("SubmittedAt") ?? row.GetDateTimeOffset("ReceivedAt")!.Value;
        var answer = new SurveyAnswer
        {
            ResponseKey = row.RowKey,
            Property = row.GetString("PropertyId") ?? "unknown",
            Segment = Or(row.GetString("Segment"), UnknownSegment),
            Channel = Or(row.GetString("Channel"), UnknownChannel),
            SubmittedOn = Day(row.GetString("SubmittedOn")) ?? DateOnly.FromDateTime(submittedAt.UtcDateTime),
            Nps = row.GetInt32("Nps"),
            Csat = row.GetInt32("Csat"),
            Ces = row.GetInt32("Ces"),
            Touchpoints = TouchpointScores(row.GetString("Touchpoints")),
            Complaint = row.GetBoolean("Complaint") ?? false,
            ComplaintReason = row.GetString("ComplaintReason"),
        };
        return Change("s|" + row.RowKey, row.GetDateTimeOffset("ReceivedAt"), row, guestKey,
            new BarometerFacts { Answers = [answer] });
    }

    public static FactChange Interaction(TableEntity row, string? guestKey)
    {
        var receivedAt = Local(row.GetString("ReceivedAtLocal")) ?? row.GetDateTimeOffset("ReceivedAt")!.Value;
        var interaction = new Interaction
        {
            Id = row.RowKey,
            Channel = Enum.Parse<ContactChannel>(row.GetString("Channel") ?? "desk", ignoreCase: true),
            Property = row.GetString("PropertyId") ?? "unknown",
            Team = row.GetString("Team"),
            Segment = Or(row.GetString("Segment"), UnknownSegment),
            AgentId = row.GetString("AgentId"),
            ReceivedAt = receivedAt,
            AnsweredAt = row.GetDateTimeOffset("AnsweredAt"),
            Abandoned = row.GetBoolean("Abandoned") ?? false,
            ClosedAt = row.GetDateTimeOffset("AbandonedAt") ?? row.GetDateTimeOffset("ClosedAt"),
            Type = Enum.Parse<InteractionType>(row.GetString("Type") ?? "request", ignoreCase: true),
            Reason = row.GetString("Reason"),
            ResolvedAtFirstContact = row.GetBoolean("ResolvedAtFirstContact"),
        };
        return Change("i|" + row.RowKey, row.GetDateTimeOffset("IngestedAt"), row, guestKey,
            new BarometerFacts { Interactions = [interaction] });
    }

    public static FactChange Skill(TableEntity row, string? guestKey)
    {
        var assessedOn = Day(row.GetString("AssessedOn")) ?? DateOnly.FromDateTime(row.GetDateTimeOffset("AssessedAt")!.Value.UtcDateTime);
        var assessment = new SkillAssessment(row.GetString("PropertyId") ?? "unknown", row.GetString("Team"),
            row.GetString("Skill") ?? "unspecified", row.GetInt32("Rating") ?? 0, assessedOn);
        return Change("a|" + row.RowKey, row.GetDateTimeOffset("IngestedAt"), row, guestKey, new BarometerFacts { Skills = [assessment] });
    }

    /// <summary>A delivered message that carries a survey id is a survey invitation; other campaign events do not count.</summary>
    public static FactChange? Invitation(TableEntity row, string? guestKey)
    {
        if (row.GetString("Type") != "delivered" || string.IsNullOrEmpty(row.GetString("SurveyId"))
            || row.GetString("PropertyId") is not { } property)
            return null;
        var deliveredOn = Day(row.GetString("Day")) ?? DateOnly.FromDateTime(row.GetDateTimeOffset("Time")!.Value.UtcDateTime);
        var invitation = new SurveyInvitation(property, Or(row.GetString("Segment"), UnknownSegment),
            Or(row.GetString("Channel"), UnknownChannel), deliveredOn);
        return Change("c|" + row.RowKey, row.GetDateTimeOffset("IngestedAt"), row, guestKey, new BarometerFacts { Invitations = [invitation] });
    }

    /// <summary>
    /// A stay counts on its check-out day. Its key is the row key alone, not the partition: the same reservation
    /// received again another day is the same fact, so it replaces its first version instead of adding to it.
    /// </summary>
    public static FactChange Stay(TableEntity row, string? guestKey)
    {
        var stay = new Stay(row.GetString("PropertyId") ?? "unknown", Or(row.GetString("Segment"), UnknownSegment), UnknownChannel,
            Day(row.GetString("CheckOutOn"))!.Value);
        return Change("y|" + row.RowKey, row.GetDateTimeOffset("IngestedAt"), row, guestKey,
            new BarometerFacts { Stays = [stay] });
    }

    private static FactChange Change(string key, DateTimeOffset? version, TableEntity row, string? guestKey, BarometerFacts facts)
    {
        var built = AggregateBuilder.Build(facts);
        var (day, contribution) = built.Count == 0
            ? ((AggregateKey?)null, BarometerAggregate.Empty)
            : (built.Single().Key, built.Single().Value);
        return new FactChange(key, version ?? row.Timestamp ?? DateTimeOffset.MinValue, guestKey, day, contribution);
    }

    private static string Or(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static DateTimeOffset? Local(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : null;

    /// <summary>Survey tools send "checkIn"; the catalogue says "check-in".</summary>
    private static IReadOnlyDictionary<string, int>? TouchpointScores(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        var raw = JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [];
        return raw.ToDictionary(p => KebabCase(p.Key), p => p.Value);
    }

    public static string KebabCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name.Trim())
        {
            if (char.IsUpper(c) && text.Length > 0 && text[^1] != '-') text.Append('-');
            text.Append(c is '_' or ' ' ? '-' : char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}
