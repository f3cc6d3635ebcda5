using KnowledgeBase.Data;

namespace KnowledgeBase.Web.Hosting;

/// <summary>Database:* — which database, and how to reach it (ConnectionStrings:KnowledgeBase).</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

/// <summary>Storage:* — where this node keeps its local files (the SQLite database, the search index).</summary>
public sealed class StorageOptions
{
    public string DataDirectory { get; set; } = "data";
}

/// <summary>Content:* — the starter content folder and whether to import it into an empty database at start.</summary>
public sealed class ContentOptions
{
    /// <summary>Empty: the nearest <c>content</c> folder above the application's content root.</summary>
    public string Path { get; set; } = "";
    public bool ImportOnStart { get; set; } = true;
}
