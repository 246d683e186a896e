using System.Globalization;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Barometers.Facts;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Enrichment;
using CrmFunctions.Pipeline;
using CrmFunctions.Storage;

namespace CrmFunctions.Barometers;

/// <summary>
/// The customer-base figures (base.* indicators) are stocks read from the golden records, which no change feed
/// follows; so the first refresh of each UTC day scans the golden records once and stores the snapshots of the
/// current and previous day, ISO week and month, group-wide ("*") and per property, in table Barometers
/// (partition "base|{day|week|month}|{label}", row = property). Reads only look those rows up; an older period
/// keeps the figures of its last build (the day after it ended, at the latest).
/// </summary>
public sealed class CustomerBaseSnapshots(StorageServices storage, StayOptions stayOptions, TimeProvider clock,
    ILogger<CustomerBaseSnapshots> logger)
{
    // Built here rather than injected: the barometers verb runs without the pipeline's services.
    private readonly GoldenRecordStore golden = new(storage.GetTableClient(TableNames.Contacts));

    public const string StatePartition = "base";
    public const string StateRow = "state";

    private TableClient Table => storage.GetTableClient(TableNames.Barometers);

    public static string Partition(Period period) => "base|" + BarometerStore.PeriodPartition(period);

    /// <summary>Builds today's snapshots unless a build already ran today.</summary>
    /// <returns>The number of guests read, or null when today's snapshots were already there.</returns>
    public async Task<int?> BuildIfDueAsync(Action<string>? progress, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var state = await Table.GetEntityOrDefaultAsync(StatePartition, StateRow, cancellationToken: cancellationToken);
        if (state?.GetString("BuiltOn") == Text(today)) return null;
        return await BuildAsync(today, progress, cancellationToken);
    }

    public async Task<int> BuildAsync(DateOnly today, Action<string>? progress, CancellationToken cancellationToken)
    {
        progress?.Invoke("reading the golden records for the customer-base figures");
        var unreadable = 0;
        var guests = new List<GuestSummary>();
        await foreach (var record in golden.ReadAllAsync((id, e) =>
                       {
                           unreadable++;
                           logger.LogWarning(e, "Customer base: golden record {ContactId} could not be read; left out", id);
                       }, cancellationToken))
            guests.Add(CustomerBase.Summarize(record, stayOptions));

        foreach (var kind in new[] { PeriodKind.Day, PeriodKind.IsoWeek, PeriodKind.Month })
        {
            var current = Period.Containing(kind, today);
            foreach (var period in new[] { current.Previous(), current })
                await WriteAsync(period, CustomerBase.Snapshots(guests, period, today), cancellationToken);
        }
        await Table.UpsertEntityAsync(new TableEntity(StatePartition, StateRow)
        {
            ["BuiltOn"] = Text(today),
            ["BuiltAt"] = clock.GetUtcNow(),
            ["Guests"] = guests.Count,
            ["Unreadable"] = unreadable,
        }, TableUpdateMode.Replace, cancellationToken);
        logger.LogInformation("Customer base snapshots built from {Guests} guests ({Unreadable} unreadable)", guests.Count, unreadable);
        progress?.Invoke($"customer-base figures built from {guests.Count} guests");
        return guests.Count;
    }

    /// <summary>
    /// The snapshot of a period for a property (or the whole group), or null when none was built. Stocks are not
    /// split by segment or channel, so a filter on either has none.
    /// </summary>
    public async Task<CustomerBaseSnapshot?> ReadAsync(Period period, BarometerFilter filter, CancellationToken cancellationToken)
    {
        if (filter.Segment is not null || filter.Channel is not null) return null;
        var row = await Table.GetEntityOrDefaultAsync(Partition(period), TableKey.Encode(filter.Property ?? CustomerBase.AllProperties),
            cancellationToken: cancellationToken);
        return row is null ? null : FromEntity(row);
    }

    /// <summary>The snapshot the base.* indicators of <paramref name="settings"/> are measured on; none read when it lists none.</summary>
    public async Task<CustomerBaseSnapshot?> ReadIfListedAsync(BarometerSettings settings, Period period, BarometerFilter filter,
        CancellationToken cancellationToken) =>
        settings.Indicators.Any(IndicatorIds.IsCustomerBase) ? await ReadAsync(period, filter, cancellationToken) : null;

    private async Task WriteAsync(Period period, IReadOnlyDictionary<string, CustomerBaseSnapshot> snapshots, CancellationToken cancellationToken)
    {
        var partition = Partition(period);
        // A property without active guests any more (a stay moved, a guest erased) must not keep its old figures.
        await foreach (var old in Table.QueryRowsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), ["PartitionKey", "RowKey"],
                           cancellationToken: cancellationToken))
            if (!snapshots.ContainsKey(TableKey.Decode(old.RowKey)))
                await Table.DeleteEntityAsync(old.PartitionKey, old.RowKey, ETag.All, cancellationToken);
        foreach (var (property, snapshot) in snapshots)
            await Table.UpsertEntityAsync(ToEntity(partition, snapshot), TableUpdateMode.Replace, cancellationToken);
    }

    private static TableEntity ToEntity(string partition, CustomerBaseSnapshot s) => new(partition, TableKey.Encode(s.Property))
    {
        ["Property"] = s.Property,
        ["AsOf"] = Text(s.AsOf),
        ["ActiveGuests"] = s.ActiveGuests,
        ["NewGuests"] = s.NewGuests,
        ["DuplicatesMerged"] = s.DuplicatesMerged,
        ["WithValidEmail"] = s.WithValidEmail,
        ["WithValidPhone"] = s.WithValidPhone,
        ["WithConsent"] = s.WithConsent,
        // Decimal as invariant text: Table Storage has no decimal type and a double would round cents.
        ["Top20Revenue"] = (s.Top20Revenue ?? 0m).ToString(CultureInfo.InvariantCulture),
        ["TotalRevenue"] = (s.TotalRevenue ?? 0m).ToString(CultureInfo.InvariantCulture),
    };

    private static CustomerBaseSnapshot FromEntity(TableEntity row) => new()
    {
        Property = row.GetString("Property") ?? TableKey.Decode(row.RowKey),
        AsOf = DateOnly.ParseExact(row.GetString("AsOf")!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        ActiveGuests = row.GetInt64("ActiveGuests") ?? 0,
        NewGuests = row.GetInt64("NewGuests") ?? 0,
        DuplicatesMerged = row.GetInt64("DuplicatesMerged") ?? 0,
        WithValidEmail = row.GetInt64("WithValidEmail") ?? 0,
        WithValidPhone = row.GetInt64("WithValidPhone") ?? 0,
        WithConsent = row.GetInt64("WithConsent") ?? 0,
        Top20Revenue = decimal.Parse(row.GetString("Top20Revenue") ?? "0", CultureInfo.InvariantCulture),
        TotalRevenue = decimal.Parse(row.GetString("TotalRevenue") ?? "0", CultureInfo.InvariantCulture),
    };

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
