namespace KnowledgeBase.Search;

public sealed record SearchIndexOptions
{
    public static readonly SearchIndexOptions Default = new();

    /// <summary>Indexing buffer; large buffers make bulk rebuilds fast and cost nothing until used.</summary>
    public double RamBufferSizeMb { get; init; } = 256;
    /// <summary>Indexing buffer during <see cref="SearchIndex.BeginBulkLoad"/>: fewer, larger segments after a rebuild.</summary>
    public double BulkRamBufferSizeMb { get; init; } = 1024;
    /// <summary>How often pending writes are committed to disk (commits are expensive; readers never need them).</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Longest time a write may stay invisible to searches when nobody waits for it.</summary>
    public TimeSpan MaxStaleness { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Word pairs are indexed for this many words from the start of each article's text (changing it needs a rebuild).</summary>
    public int MaxWordPairs { get; init; } = 160;
    public RankingOptions Ranking { get; init; } = new();
    /// <summary>
    /// Finished results kept for repeated identical searches (0: off). Emptied whenever a write becomes visible or the
    /// synonyms change. Off by default so the benchmark measures the engine; the site turns it on.
    /// </summary>
    public int ResultCacheEntries { get; init; }

    /// <summary>How the index's files are read: the paged reader (default) or Lucene's NIOFSDirectory.</summary>
    public IndexDirectoryKind Directory { get; init; } = IndexDirectoryKind.Paged;

    /// <summary>The setting's spellings: "paged" or "niofs" (case aside); blank is the default.</summary>
    public static bool TryParseDirectory(string? text, out IndexDirectoryKind kind)
    {
        kind = IndexDirectoryKind.Paged;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "paged":
                return true;
            case "niofs":
                kind = IndexDirectoryKind.NioFs;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The setting's spelling of <paramref name="kind"/>.</summary>
    public static string DirectoryName(IndexDirectoryKind kind) => kind == IndexDirectoryKind.NioFs ? "niofs" : "paged";
}
