using System.Globalization;
using CrmFunctions.Core.Contracts;
using CrmFunctions.Storage;

namespace CrmFunctions.Barometers;

/// <summary>
/// Table BarometerChanges: the change feed of the facts. Intake writes one row per fact row it stores (partition =
/// the UTC hour it stored it, yyyyMMddHH; row = "{table}|{fact partition}|{fact row}"); a refresh reads them all,
/// counts the facts they point to, then deletes the rows it consumed. The table holds only what is not counted yet,
/// so reading it costs what arrived, never the history.
/// </summary>
public static class ChangeRows
{
    /// <summary>The tables whose rows the barometers count.</summary>
    public static IReadOnlySet<string> FactTables { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        TableNames.Surveys, TableNames.Interactions, TableNames.StaffAssessments, TableNames.CampaignEvents, TableNames.Stays,
    };

    public static string Partition(DateTimeOffset storedAt) => storedAt.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    /// <summary>The change row for a fact row just stored, or null for a table the barometers do not read.</summary>
    public static TableEntity? For(string table, TableEntity fact, DateTimeOffset storedAt) =>
        FactTables.Contains(table)
            ? new TableEntity(Partition(storedAt), TableKey.Encode($"{table}|{fact.PartitionKey}|{fact.RowKey}"))
            {
                ["Table"] = table,
                ["FactPartition"] = fact.PartitionKey,
                ["FactRow"] = fact.RowKey,
            }
            : null;
}
