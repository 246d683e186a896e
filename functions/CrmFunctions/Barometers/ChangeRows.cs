using System.Globalization;
using CrmFunctions.Privacy;
using CrmFunctions.Storage;

namespace CrmFunctions.Barometers;

/// <summary>
/// Table BarometerChanges: the change feed of the facts. Intake writes one row per fact row it stores (partition =
/// the UTC hour it stored it, yyyyMMddHH; row = "{table}|{fact partition}|{fact row}"), carrying the fact's counted
/// columns and its guest key (<see cref="GuestKeyer"/>: never the e-mail or phone in clear). A refresh reads them all, counts them,
/// then deletes the rows it consumed. The table holds only what is not counted yet, so reading it costs what
/// arrived, never the history.
/// </summary>
public static class ChangeRows
{
    private const string CarriesColumn = "Carries";

    public static string Partition(DateTimeOffset storedAt) => storedAt.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    /// <summary>The change row for a fact row just stored, or null for a table the barometers do not read.</summary>
    public static TableEntity? For(string table, TableEntity fact, DateTimeOffset storedAt, GuestKeyer keys)
    {
        if (FactTables.Find(table) is not { } shape) return null;
        var change = new TableEntity(Partition(storedAt), TableKey.Encode($"{table}|{fact.PartitionKey}|{fact.RowKey}"))
        {
            ["Table"] = table,
            ["FactPartition"] = fact.PartitionKey,
            ["FactRow"] = fact.RowKey,
            [CarriesColumn] = true,
        };
        foreach (var column in shape.CarriedColumns)
            if (fact.TryGetValue(column, out var value) && value is not null)
                change[column] = value;
        if (shape.GuestKey(fact, keys) is { } guestKey) change[FactTables.GuestKeyColumn] = guestKey;
        return change;
    }

    /// <summary>The fact row as a change row carries it (its keys and counted columns), or null for a row that only points at it.</summary>
    public static TableEntity? Fact(TableEntity change)
    {
        if (change.GetBoolean(CarriesColumn) != true || FactTables.Find(change.GetString("Table")) is not { } shape) return null;
        var fact = new TableEntity(change.GetString("FactPartition")!, change.GetString("FactRow")!);
        foreach (var column in shape.CarriedColumns.Append(FactTables.GuestKeyColumn))
            if (change.TryGetValue(column, out var value) && value is not null)
                fact[column] = value;
        return fact;
    }
}
