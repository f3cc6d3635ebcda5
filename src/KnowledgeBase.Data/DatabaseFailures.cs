using Microsoft.Data.Sqlite;
using Npgsql;

namespace KnowledgeBase.Data;

/// <summary>
/// Tells an outage (the database is down, restarting, refusing connections, or the connection broke) from a bug or a
/// rule violation, whichever provider raised it and however EF wrapped it. An outage is answered with 503 and clears
/// when the database is back; nothing is retried behind the caller's back.
/// </summary>
public static class DatabaseFailures
{
    public static bool IsUnavailable(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
                        || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
                case NpgsqlException:
                    // Not a server error: the socket failed, timed out, or the connection was broken.
                    return true;
                case SqliteException sqlite:
                    // SQLITE_BUSY (another writer held the file past the timeout), SQLITE_CANTOPEN, SQLITE_IOERR.
                    return sqlite.SqliteErrorCode is 5 or 10 or 14;
            }
        }
        return false;
    }

    /// <summary>
    /// PostgreSQL aborted a serializable transaction because a concurrent one read what it wrote (40001): the other
    /// transaction won. SQLite never raises it: it runs write transactions one after the other.
    /// </summary>
    public static bool IsSerializationFailure(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
            if (ex is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure }) return true;
        return false;
    }
}
