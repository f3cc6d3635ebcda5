namespace KnowledgeBase.Web.Hosting;

/// <summary>Search:* — where the synonyms file is (empty: synonyms.txt in the content folder), the result cache size, and
/// how far behind the index may fall before it is reported.</summary>
public sealed class SearchOptions
{
    public string SynonymsPath { get; set; } = "";

    /// <summary>Finished results kept for repeated identical searches; emptied on every visible write (0 turns it off).</summary>
    public int ResultCacheEntries { get; set; } = 2048;

    /// <summary>
    /// Changes the index may be behind the database before /health says Degraded and the search pages say search is
    /// catching up (a save is normally searchable within a second; a bulk import can leave hundreds behind).
    /// </summary>
    public int MaxLag { get; set; } = 50;

    /// <summary>How the index files are read: <c>paged</c> (default; pages kept in memory) or <c>niofs</c> (Lucene's own).</summary>
    public string Directory { get; set; } = "paged";
}
