using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Bench.Engines;

/// <summary>
/// The SQLite peer: an FTS5 table (porter stemming over unicode61) in a throw-away database file, ranked by bm25.
/// Each searching thread keeps its own read-only connection and prepared statement, the way SQLite is meant to be
/// shared between threads.
/// </summary>
public sealed class Fts5BenchEngine : IBenchEngine
{
    private readonly Fts5Mode _mode;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"kb-bench-fts5-{Guid.NewGuid():N}.db");
    private readonly ThreadLocal<Reader> _readers;
    private bool _built;

    public Fts5BenchEngine(Fts5Mode mode = Fts5Mode.OrTitle)
    {
        _mode = mode;
        _readers = new ThreadLocal<Reader>(OpenReader, trackAllValues: true);
    }

    public string Name => EngineCatalog.Fts5;

    public void Build(IReadOnlyList<BenchArticle> articles)
    {
        if (_built) throw new InvalidOperationException("build a new engine instead of rebuilding one");
        _built = true;

        using var connection = Open(SqliteOpenMode.ReadWriteCreate);
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        // The id is stored but not indexed, so bm25 needs a weight for it too (it never matches; 0 keeps that explicit).
        Execute(connection, "CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61');");

        using (var transaction = connection.BeginTransaction())
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO articles(id, title, body) VALUES ($id, $title, $body);";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var title = insert.Parameters.Add("$title", SqliteType.Text);
            var body = insert.Parameters.Add("$body", SqliteType.Text);
            insert.Prepare();
            foreach (var article in articles)
            {
                id.Value = article.Id;
                title.Value = article.Title;
                body.Value = article.Body;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }

        // A fair peer is a tuned one: merge the segments a bulk load leaves behind, as a real deployment would once.
        Execute(connection, "INSERT INTO articles(articles) VALUES('optimize');");
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    public long IndexBytes()
    {
        long size = 0;
        foreach (var file in new[] { _path, _path + "-wal" })
            if (File.Exists(file)) size += new FileInfo(file).Length;
        return size;
    }

    public IReadOnlyList<string> Search(string query, int limit)
    {
        var match = MatchExpression(QueryTerms.Split(query), _mode);
        if (match.Length == 0) return [];

        var reader = _readers.Value!;
        reader.Match.Value = match;
        reader.Limit.Value = limit;
        var ids = new List<string>(limit);
        using var rows = reader.Command.ExecuteReader();
        while (rows.Read()) ids.Add(rows.GetString(0));
        return ids;
    }

    /// <summary>Each term becomes an FTS5 string ("term"), so nothing the user typed is read as query syntax.</summary>
    internal static string MatchExpression(IReadOnlyList<string> terms, Fts5Mode mode) =>
        string.Join(mode == Fts5Mode.And ? " AND " : " OR ", terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

    public void Dispose()
    {
        foreach (var reader in _readers.Values) reader.Dispose();
        _readers.Dispose();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
            File.Delete(file);
    }

    private Reader OpenReader()
    {
        if (!_built) throw new InvalidOperationException("search before build");
        var connection = Open(SqliteOpenMode.ReadOnly);
        var command = connection.CreateCommand();
        var rank = _mode == Fts5Mode.OrTitle ? "bm25(articles, 0.0, 5.0, 1.0)" : "bm25(articles)";
        command.CommandText = $"SELECT id FROM articles WHERE articles MATCH $match ORDER BY {rank} LIMIT $limit;";
        var match = command.Parameters.Add("$match", SqliteType.Text);
        var limit = command.Parameters.Add("$limit", SqliteType.Integer);
        match.Value = "";
        limit.Value = 10;
        command.Prepare();
        return new Reader(connection, command, match, limit);
    }

    private SqliteConnection Open(SqliteOpenMode mode)
    {
        // Connections live as long as the engine, so the pool would only keep the file open after Dispose.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = mode,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed record Reader(SqliteConnection Connection, SqliteCommand Command, SqliteParameter Match, SqliteParameter Limit) : IDisposable
    {
        public void Dispose()
        {
            Command.Dispose();
            Connection.Dispose();
        }
    }
}
