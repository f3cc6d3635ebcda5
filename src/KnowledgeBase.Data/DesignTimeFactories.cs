using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace KnowledgeBase.Data;

/// <summary>Used only by `dotnet ef migrations add … --context SqliteKnowledgeBaseDbContext`.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteKnowledgeBaseDbContext>
{
    public SqliteKnowledgeBaseDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteKnowledgeBaseDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Used only by `dotnet ef migrations add … --context PostgresKnowledgeBaseDbContext`; no server is contacted.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresKnowledgeBaseDbContext>
{
    public PostgresKnowledgeBaseDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresKnowledgeBaseDbContext>().UseNpgsql("Host=localhost;Database=knowledgebase").Options);
}
