using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Brook.TestSupport;

/// <summary>
/// Hostile job packages made in memory, small whatever they expand to: zip bombs of deflated zeros (built by
/// repeating one deflate block, so a gigabyte costs a megabyte and no gigabyte is ever compressed), entries whose
/// headers lie about their size, names escaping the folder, damaged deflate data.
/// </summary>
public static class HostilePackages
{
    private const int Mebibyte = 1 << 20;
    private static readonly Lazy<(byte[] First, byte[] Next, byte[] End)> ZeroBlocks = new(MakeZeroBlocks);

    /// <summary>An entry of the package: its name, its stored bytes (compressed or not) and what its headers declare.</summary>
    public sealed record Entry(string Name, byte[] Data, long DeclaredSize, bool Deflated = true);

    /// <summary>An entry of <paramref name="mebibytes"/> MiB of zeros, declaring <paramref name="declaredSize"/> (its true size unless given).</summary>
    public static Entry Zeros(string name, int mebibytes, long? declaredSize = null)
    {
        var (first, next, end) = ZeroBlocks.Value;
        using var data = new MemoryStream();
        data.Write(first);
        for (var i = 1; i < mebibytes; i++) data.Write(next);
        data.Write(end);
        return new Entry(name, data.ToArray(), declaredSize ?? (long)mebibytes * Mebibyte);
    }

    /// <summary>A stored (uncompressed) entry with the given content.</summary>
    public static Entry Stored(string name, byte[] content) => new(name, content, content.Length, Deflated: false);

    /// <summary>A deflated entry whose data is not valid deflate.</summary>
    public static Entry Damaged(string name)
    {
        // Block type 11 (reserved) in the first byte: every inflater rejects it at once.
        var garbage = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 + 0x07)).ToArray();
        garbage[0] = 0x07;
        return new Entry(name, garbage, 64 * 1024);
    }

    /// <summary>The zip of the entries, in order.</summary>
    public static byte[] Zip(params IEnumerable<Entry> entries)
    {
        using var zip = new MemoryStream();
        var central = new MemoryStream();
        var count = 0;
        foreach (var entry in entries)
        {
            var name = Encoding.UTF8.GetBytes(entry.Name);
            var offset = (uint)zip.Position;
            WriteHeader(zip, 0x04034b50, entry, name, centralOffset: null);
            zip.Write(entry.Data);
            WriteHeader(central, 0x02014b50, entry, name, offset);
            count++;
        }
        var centralStart = (uint)zip.Position;
        central.Position = 0;
        central.CopyTo(zip);
        Span<byte> end = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)central.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], centralStart);
        zip.Write(end);
        return zip.ToArray();
    }

    /// <summary>A real package (the files of a directory) with more entries appended.</summary>
    public static byte[] PackageWith(string packagePath, params IEnumerable<Entry> more)
    {
        var entries = new List<Entry>();
        using (var package = ZipFile.OpenRead(packagePath))
        {
            foreach (var e in package.Entries)
            {
                using var s = e.Open();
                using var content = new MemoryStream();
                s.CopyTo(content);
                entries.Add(Stored(e.FullName, content.ToArray()));
            }
        }
        entries.AddRange(more);
        return Zip(entries);
    }

    private static void WriteHeader(Stream to, uint signature, Entry entry, byte[] name, uint? centralOffset)
    {
        var central = centralOffset is not null;
        Span<byte> h = stackalloc byte[central ? 46 : 30];
        BinaryPrimitives.WriteUInt32LittleEndian(h, signature);
        var at = central ? 6 : 4;
        if (central) BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 20);
        BinaryPrimitives.WriteUInt16LittleEndian(h[at..], 20);
        BinaryPrimitives.WriteUInt16LittleEndian(h[(at + 2)..], 0x0800);
        BinaryPrimitives.WriteUInt16LittleEndian(h[(at + 4)..], (ushort)(entry.Deflated ? 8 : 0));
        BinaryPrimitives.WriteUInt16LittleEndian(h[(at + 8)..], 0x21);
        BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 10)..], entry.Deflated ? 0 : Crc32(entry.Data));
        BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 14)..], (uint)entry.Data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 18)..], (uint)entry.DeclaredSize);
        BinaryPrimitives.WriteUInt16LittleEndian(h[(at + 22)..], (ushort)name.Length);
        if (central) BinaryPrimitives.WriteUInt32LittleEndian(h[42..], centralOffset!.Value);
        to.Write(h);
        to.Write(name);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data) crc = CrcTable.Value[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static readonly Lazy<uint[]> CrcTable = new(() => Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        return c;
    }).ToArray());

    /// <summary>
    /// Deflate of 1 MiB of zeros, then of each further MiB (a sync-flushed block that only refers back to zeros,
    /// so it can be repeated), then the final block.
    /// </summary>
    private static (byte[] First, byte[] Next, byte[] End) MakeZeroBlocks()
    {
        var zeros = new byte[Mebibyte];
        using var output = new MemoryStream();
        using var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
        deflate.Write(zeros);
        deflate.Flush();
        var first = output.ToArray();
        deflate.Write(zeros);
        deflate.Flush();
        var next = output.ToArray()[first.Length..];
        deflate.Dispose();
        var end = output.ToArray()[(first.Length + next.Length)..];
        return (first, next, end);
    }
}
