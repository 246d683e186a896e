using CrmFunctions.Barometers;
using CrmFunctions.Core.Contracts;

namespace CrmFunctions.Tests.Barometers;

/// <summary>
/// Where a fact's ledger row lives must never move: a row the refresh no longer finds would be counted twice. The
/// expected tables are FNV-1a (32-bit, over the UTF-16 code units, high half folded in, modulo 16) computed apart.
/// </summary>
public sealed class LedgerShardTests
{
    [Theory]
    [InlineData("s|sv-0001", 0xC)]
    [InlineData("i|call-42", 0xF)]
    [InlineData("y|pms~R0000120", 0x5)]
    public void A_key_always_goes_to_the_same_ledger_table(string key, int shard)
    {
        Assert.Equal(shard, BarometerLedger.Shard(key));
        Assert.Equal("BarometerLedger" + shard.ToString("X"), TableNames.BarometerLedgers[BarometerLedger.Shard(key)]);
    }

    [Fact]
    public void Keys_spread_over_the_sixteen_tables()
    {
        var counts = Enumerable.Range(0, 16_000).Select(i => BarometerLedger.Shard($"s|sv-{i:D6}"))
            .GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(16, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 800, 1200));
    }
}
