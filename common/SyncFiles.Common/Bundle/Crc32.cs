namespace SyncFiles.Common.Bundle;

/// <summary>
/// CRC-32 (IEEE 802.3, the zip checksum), for <c>manifest.json</c>: the table files are covered by
/// the SHA-256 in the manifest, but the manifest itself only by the CRC in the zip directory,
/// which the zip library does not check. A manifest is at most 4 MiB, so a table-driven loop is
/// plenty.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
