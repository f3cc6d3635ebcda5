using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data;

public sealed class PostgresKnowledgeBaseDbContext(DbContextOptions<PostgresKnowledgeBaseDbContext> options) : KnowledgeBaseDbContext(options);
