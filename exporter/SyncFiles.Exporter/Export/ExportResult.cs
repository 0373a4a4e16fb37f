using SyncFiles.Common.Bundle;

namespace SyncFiles.Exporter.Export;

/// <summary>What one export published.</summary>
public sealed record ExportResult(string BundlePath, Manifest Manifest);
