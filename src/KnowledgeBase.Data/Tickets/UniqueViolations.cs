using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tickets;

/// <summary>Recognizes a unique-index violation on a table, whichever provider raised it.</summary>
internal static class UniqueViolations
{
    public static bool Is(DbUpdateException ex, string table) =>
        ex.InnerException?.Message.Contains($"UNIQUE constraint failed: {table}", StringComparison.Ordinal) == true
        || ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation, TableName: var name } && name == table;
}
