namespace KnowledgeBase.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
