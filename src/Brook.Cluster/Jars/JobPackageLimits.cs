using Brook.Core.Configuration;

namespace Brook.Cluster.Jars;

/// <summary>
/// Bounds on what a job package may expand to, checked against the bytes actually decompressed (a zip's
/// headers can lie) at upload, at start-up and on extraction. Brook's own keys: Flink has none and unzips a
/// jar's nested libraries without a bound. The defaults are far above real job packages.
/// </summary>
/// <param name="MaxExpandedSize">Bytes all entries of a package may decompress to together.</param>
/// <param name="MaxEntries">Entries (files and folders) a package may hold.</param>
/// <param name="MaxEntrySize">Bytes one entry may decompress to.</param>
/// <param name="MaxCompressionRatio">Decompressed bytes per compressed byte, for an entry and for the whole package.</param>
/// <param name="ExtractionConcurrency">Packages inspected or extracted at once; more requests wait their turn.</param>
public sealed record JobPackageLimits(long MaxExpandedSize, int MaxEntries, long MaxEntrySize, int MaxCompressionRatio, int ExtractionConcurrency)
{
    /// <summary>
    /// Below this many decompressed bytes the ratio is not checked: small files of repetitive text compress far
    /// beyond any sensible ratio, and bounded amounts are harmless (as Apache POI's grace size).
    /// </summary>
    public const long RatioGraceSize = 1 << 20;

    public static readonly ConfigOption<long> MaxExpandedSizeOption = new("web.upload.package.max-expanded-size", 1L << 30, ConfigParsers.MemorySize,
        "The most a job package may decompress to, all entries together (Brook-specific); a bigger one is refused at upload.",
        ConfigParsers.FormatMemorySize);

    public static readonly ConfigOption<int> MaxEntriesOption = new("web.upload.package.max-entries", 10_000, ConfigParsers.PositiveInt,
        "The most entries (files and folders) a job package may hold (Brook-specific).");

    public static readonly ConfigOption<long> MaxEntrySizeOption = new("web.upload.package.max-entry-size", 256L << 20, ConfigParsers.MemorySize,
        "The most one entry of a job package may decompress to (Brook-specific).", ConfigParsers.FormatMemorySize);

    public static readonly ConfigOption<int> MaxCompressionRatioOption = new("web.upload.package.max-compression-ratio", 200, ConfigParsers.PositiveInt,
        "The highest ratio of decompressed to compressed bytes of one entry and of the whole job package, checked once more than " +
        "1 mb was decompressed (Brook-specific; zip bombs compress zeros about 1000 to 1).");

    public static readonly ConfigOption<int> ExtractionConcurrencyOption = new("web.upload.package.extraction-concurrency", 2, ConfigParsers.PositiveInt,
        "How many job packages are inspected (at upload) or extracted (on first /plan or /run) at once (Brook-specific).");

    public static JobPackageLimits Default { get; } = FromConfiguration(new Configuration());

    /// <summary>Reads the limits; a value that does not parse fails the cluster's start naming key and value.</summary>
    public static JobPackageLimits FromConfiguration(Configuration configuration) => new(
        configuration.Get(MaxExpandedSizeOption), configuration.Get(MaxEntriesOption), configuration.Get(MaxEntrySizeOption),
        configuration.Get(MaxCompressionRatioOption), configuration.Get(ExtractionConcurrencyOption));
}
