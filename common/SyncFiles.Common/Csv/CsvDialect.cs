using System.Text;
using CsvHelper;

namespace SyncFiles.Common.Csv;

/// <summary>
/// The one CSV dialect of bundle format v1: UTF-8 without BOM, comma, RFC 4180 quoting, "\n" line
/// ends, a header row. NULL is an empty unquoted field and the empty string is "" (quoted), exactly
/// PostgreSQL's CSV convention, so COPY ... (FORMAT csv, HEADER true) loads a table as it is.
/// The parser accepts a BOM and "\r\n" record ends; <see cref="StrictLineEndStream"/> refuses
/// both before it sees them, and <see cref="ValueText"/> refuses invalid UTF-8 in text.
/// </summary>
public static class CsvDialect
{
    /// <summary>The largest record a reader accepts; larger ones are refused as hostile input.</summary>
    public const int MaxRecordBytes = 64 * 1024 * 1024;

    public static CsvWriterOptions WriterOptions { get; } = new()
    {
        Separator = ',',
        Mode = CsvMode.Rfc4180,
        Quoting = CsvQuoting.WhenNeeded,
        NewLine = "\n",
        WriteByteOrderMark = false,
        Injection = CsvInjection.None,
        BufferSize = 64 * 1024,
    };

    public static CsvReaderOptions ReaderOptions { get; } = new()
    {
        Separator = ',',
        Mode = CsvMode.Rfc4180,
        HasHeader = true,
        AllowLineBreaksInQuotes = true,
        SkipEmptyLines = false,
        TrimWhitespace = null,
        TrimInsideQuotes = false,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Throw,
        MissingField = CsvMissingFieldHandling.Throw,
        DetectSeparatorHint = false,
        TrackLineNumbers = true,
        IncludeValuesInExceptions = false,
        MaxRecordSize = MaxRecordBytes,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
        BufferSize = 64 * 1024,
    };

    /// <summary><see cref="ReaderOptions"/> with a record cap of <paramref name="maxRecordBytes"/>.</summary>
    public static CsvReaderOptions ReaderOptionsFor(int maxRecordBytes) =>
        maxRecordBytes == MaxRecordBytes ? ReaderOptions : ReaderOptions with { MaxRecordSize = maxRecordBytes };
}
