using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data;

public sealed class SqliteKnowledgeBaseDbContext(DbContextOptions<SqliteKnowledgeBaseDbContext> options) : KnowledgeBaseDbContext(options);
