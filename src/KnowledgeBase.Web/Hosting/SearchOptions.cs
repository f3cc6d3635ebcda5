namespace KnowledgeBase.Web.Hosting;

/// <summary>Search:* — where the synonyms file is (empty: synonyms.txt in the content folder).</summary>
public sealed class SearchOptions
{
    public string SynonymsPath { get; set; } = "";
}
