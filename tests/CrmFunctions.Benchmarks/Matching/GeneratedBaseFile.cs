using System.Globalization;
using System.Runtime.CompilerServices;
using CrmFunctions.Core.Contacts;

namespace CrmFunctions.Benchmarks.Matching;

/// <summary>
/// The generated base as a hotel export on disk (tab-separated, one record per line with its true guest), read back
/// one record at a time. A backfill streams its export: the process holds the matcher's state and the records in
/// flight, not the base, and the truth is one number per duplicate record.
/// </summary>
public sealed class GeneratedBaseFile : IDisposable
{
    public static readonly string[] Columns =
    [
        "rec_id", "entity", "given_name", "family_name", "email", "phone", "country", "birth_date", "postcode", "city", "street", "external_id",
        "address_country", "external_system",
    ];

    private readonly bool temporary;
    // Originals are r{i}, guest e{i}; duplicates are d{j}, guest e{duplicateOf[j]}.
    private readonly int originals;
    private readonly int[] duplicateOf;

    private GeneratedBaseFile(string path, bool temporary, int originals, int[] duplicateOf) =>
        (Path, this.temporary, this.originals, this.duplicateOf) = (path, temporary, originals, duplicateOf);

    public string Path { get; }

    public int Count => originals + duplicateOf.Length;

    /// <summary>Writes the records to <paramref name="path"/>, or to a file of its own deleted on dispose.</summary>
    public static async Task<GeneratedBaseFile> WriteAsync(IReadOnlyList<GeneratedContact> generated, string? path, CancellationToken cancellationToken)
    {
        var file = path ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"matcher-bench-{Guid.NewGuid():N}.tsv");
        var originals = 0;
        var duplicates = new List<(int Index, int Entity)>();
        await using (var writer = new StreamWriter(file))
        {
            await writer.WriteLineAsync(string.Join('\t', Columns).AsMemory(), cancellationToken);
            foreach (var g in generated)
            {
                if (g.RecordId[0] == 'd') duplicates.Add((Number(g.RecordId), Number(g.EntityId)));
                else originals++;
                await writer.WriteLineAsync(Row(g).AsMemory(), cancellationToken);
            }
        }
        return new GeneratedBaseFile(file, path is null, originals, Truth(duplicates));
    }

    /// <summary>A file written before (<c>matcher --csv-out</c>): its truth is read from the record and guest columns.</summary>
    public static async Task<GeneratedBaseFile> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var originals = 0;
        var duplicates = new List<(int Index, int Entity)>();
        var header = true;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken))
        {
            if (header) { header = false; continue; }
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (line[0] == 'd') duplicates.Add((Number(line[..tab]), Number(line[(tab + 1)..line.IndexOf('\t', tab + 1)])));
            else originals++;
        }
        return new GeneratedBaseFile(path, temporary: false, originals, Truth(duplicates));
    }

    private static int[] Truth(List<(int Index, int Entity)> duplicates)
    {
        var duplicateOf = new int[duplicates.Count];
        foreach (var (index, entity) in duplicates) duplicateOf[index] = entity;
        return duplicateOf;
    }

    /// <summary>The records in file order, each parsed back to what the generator made.</summary>
    public async IAsyncEnumerable<GeneratedContact> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var header = true;
        await foreach (var line in File.ReadLinesAsync(Path, cancellationToken))
        {
            if (header) { header = false; continue; }
            yield return Parse(line);
        }
    }

    /// <summary>The true guest of a record, by its id.</summary>
    public int GuestOf(string recordId) => recordId[0] == 'd' ? duplicateOf[Number(recordId)] : Number(recordId);

    /// <summary>The true guest of every record: each original once, then each duplicate's.</summary>
    public IEnumerable<int> Guests() => Enumerable.Range(0, originals).Concat(duplicateOf);

    public void Dispose()
    {
        if (temporary) File.Delete(Path);
    }

    private static int Number(string id) => int.Parse(id.AsSpan(1), CultureInfo.InvariantCulture);

    private static string Row(GeneratedContact g)
    {
        var c = g.Contact;
        var external = c.ExternalIds?.FirstOrDefault();
        string[] values =
        [
            g.RecordId, g.EntityId, c.GivenName ?? "", c.FamilyName ?? "", c.Emails?.FirstOrDefault() ?? "", c.Phones?.FirstOrDefault() ?? "", c.Country ?? "",
            c.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", c.Address?.PostalCode ?? "", c.Address?.City ?? "", c.Address?.Street ?? "",
            external?.Value ?? "", c.Address?.Country ?? "", external?.Key ?? "",
        ];
        return string.Join('\t', values.Select(v => v.Replace('\t', ' ')));
    }

    private static GeneratedContact Parse(string line)
    {
        var v = line.Split('\t');
        string? At(int i) => v[i].Length == 0 ? null : v[i];
        var hasAddress = At(8) is not null || At(9) is not null || At(10) is not null;
        return new GeneratedContact(v[0], v[1], new ContactInput
        {
            GivenName = At(2),
            FamilyName = At(3),
            Emails = At(4) is { } email ? [email] : null,
            Phones = At(5) is { } phone ? [phone] : null,
            Country = At(6),
            BirthDate = At(7) is { } date ? DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            Address = hasAddress ? new PostalAddress { PostalCode = At(8), City = At(9), Street = At(10), Country = At(12) } : null,
            ExternalIds = At(11) is { } id ? new Dictionary<string, string> { [At(13) ?? "external"] = id } : null,
        });
    }
}
