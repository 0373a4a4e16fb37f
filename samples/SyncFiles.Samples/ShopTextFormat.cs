using System.Globalization;

namespace SyncFiles.Samples;

/// <summary>
/// The text forms the shop database stores (see the header of samples/sqlite/shop.sql).
/// </summary>
internal static class ShopTextFormat
{
    public const string DateTimePattern = "yyyy-MM-dd HH:mm:ss.fff";
    public const string DatePattern = "yyyy-MM-dd";

    public static string DateTime(DateTime value) => value.ToString(DateTimePattern, CultureInfo.InvariantCulture);

    public static string Date(DateOnly value) => value.ToString(DatePattern, CultureInfo.InvariantCulture);

    /// <summary>A decimal with exactly <paramref name="scale"/> digits after the point ('12.50').</summary>
    public static string Decimal(decimal value, int scale) =>
        Math.Round(value, scale, MidpointRounding.AwayFromZero).ToString(ScaleFormats[scale], CultureInfo.InvariantCulture);

    /// <summary>A random version-4 UUID, lowercase text, drawn from <paramref name="random"/> so runs repeat.</summary>
    public static string Uuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid stores this group little-endian)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString("D", CultureInfo.InvariantCulture);
    }

    private static readonly string[] ScaleFormats = ["F0", "F1", "F2", "F3", "F4", "F5", "F6"];
}
