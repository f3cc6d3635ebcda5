using Microsoft.EntityFrameworkCore.Migrations;

namespace KnowledgeBase.Data.Migrations;

/// <summary>
/// The data part of the OwnersAndTeams migration, the same SQL on SQLite and PostgreSQL: free-text owners of categories
/// and articles that name exactly one internal account by user name or e-mail (case ignored) become that account
/// (<c>user:{id}</c>); the others stay as they are, which <see cref="Core.Owners.OwnerRef"/> reads as unclaimed names
/// for an Admin to assign on the owners page.
/// </summary>
internal static class OwnerMigrationSql
{
    private const string Match = """
        FROM "AspNetUsers" u WHERE u."Audience" = 'Internal'
          AND (u."NormalizedUserName" = UPPER(TRIM({0}."Owner")) OR u."NormalizedEmail" = UPPER(TRIM({0}."Owner")))
        """;

    public static void ClaimOwners(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "Categories", "Articles" })
        {
            var match = string.Format(System.Globalization.CultureInfo.InvariantCulture, Match, $"\"{table}\"");
            migrationBuilder.Sql($"""
                UPDATE "{table}" SET "Owner" = 'user:' || (SELECT MIN(u."Id") {match})
                WHERE "Owner" IS NOT NULL AND "Owner" NOT LIKE 'user:%' AND "Owner" NOT LIKE 'team:%'
                  AND (SELECT COUNT(*) {match}) = 1;
                """);
        }
    }

    /// <summary>Down: owners become free text again (an account's e-mail, a team's name), before the teams are dropped.</summary>
    public static void RestoreNames(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "Categories", "Articles" })
        {
            migrationBuilder.Sql($"""
                UPDATE "{table}" SET "Owner" = (SELECT u."Email" FROM "AspNetUsers" u WHERE 'user:' || u."Id" = "{table}"."Owner")
                WHERE "Owner" LIKE 'user:%' AND EXISTS (SELECT 1 FROM "AspNetUsers" u WHERE 'user:' || u."Id" = "{table}"."Owner");
                """);
            migrationBuilder.Sql($"""
                UPDATE "{table}" SET "Owner" = (SELECT t."Name" FROM "Teams" t WHERE 'team:' || CAST(t."Id" AS TEXT) = "{table}"."Owner")
                WHERE "Owner" LIKE 'team:%' AND EXISTS (SELECT 1 FROM "Teams" t WHERE 'team:' || CAST(t."Id" AS TEXT) = "{table}"."Owner");
                """);
        }
    }
}
