namespace KnowledgeBase.Web.Hosting;

/// <summary>Search:* — where the synonyms file is (empty: synonyms.txt in the content folder) and the result cache size.</summary>
public sealed class SearchOptions
{
    public string SynonymsPath { get; set; } = "";

    /// <summary>Finished results kept for repeated identical searches; emptied on every visible write (0 turns it off).</summary>
    public int ResultCacheEntries { get; set; } = 2048;
}
