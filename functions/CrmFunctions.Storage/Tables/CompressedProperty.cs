using System.IO.Compression;
using Azure.Data.Tables;

namespace CrmFunctions.Storage;

/// <summary>
/// A value too large for one table property (64 KiB) stored gzip-compressed and split over binary
/// properties <c>{prefix}0</c>…<c>{prefix}N-1</c>, with N in <c>{prefix}Chunks</c>; the whole entity
/// still has to fit in 1 MiB, hence the chunk limit.
/// </summary>
public static class CompressedProperty
{
    private const int ChunkBytes = 60_000;
    private const int MaxChunks = 15;

    public static void Set(TableEntity entity, string prefix, ReadOnlySpan<byte> value)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(value);
        var bytes = buffer.ToArray();
        var chunks = (bytes.Length + ChunkBytes - 1) / ChunkBytes;
        if (chunks > MaxChunks)
            throw new InvalidOperationException(
                $"{prefix} of {entity.PartitionKey}/{entity.RowKey} is too large for a table entity ({bytes.Length} bytes compressed).");
        entity[prefix + "Chunks"] = chunks;
        for (var i = 0; i < chunks; i++)
            entity[prefix + i] = bytes.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - i * ChunkBytes)).ToArray();
    }

    /// <summary>The value written by <see cref="Set"/>, or null when the entity has none.</summary>
    public static Stream? Open(TableEntity entity, string prefix)
    {
        if (entity.GetInt32(prefix + "Chunks") is not { } chunks)
            return null;
        var compressed = new MemoryStream();
        for (var i = 0; i < chunks; i++)
            compressed.Write(entity.GetBinary(prefix + i)
                ?? throw new InvalidDataException($"{prefix} of {entity.PartitionKey}/{entity.RowKey} misses chunk {i}."));
        compressed.Position = 0;
        return new GZipStream(compressed, CompressionMode.Decompress);
    }
}
