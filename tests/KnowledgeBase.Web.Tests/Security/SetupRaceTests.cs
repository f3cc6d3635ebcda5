using System.Net;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests.Security;

/// <summary>
/// Eight visitors send the setup form at once on an empty database (the finding: 2–4 Admins were made): exactly one
/// Admin exists afterwards, the others are told the site already has users. On SQLite and PostgreSQL.
/// </summary>
public abstract class SetupRaceTests
{
    protected abstract Task<Dictionary<string, string?>> ProviderSettingsAsync();

    [Fact]
    public async Task Concurrent_setups_on_an_empty_database_make_exactly_one_admin()
    {
        await using var site = new KnowledgeBaseSite(await ProviderSettingsAsync());
        const int visitors = 8;
        // Every visitor opens the form first (each gets its own antiforgery token), then all send it together.
        var forms = new List<(HttpClient Client, string Token)>();
        for (var i = 0; i < visitors; i++)
        {
            var client = site.CreateLoopbackClient();
            forms.Add((client, KnowledgeBaseSite.AntiforgeryToken(await client.GetStringAsync("/setup"))));
        }
        using var start = new Barrier(visitors);
        var responses = await Task.WhenAll(forms.Select((form, i) => Task.Run(async () =>
        {
            start.SignalAndWait();
            var password = "First-Admin-2026";
            return await form.Client.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = form.Token, ["_handler"] = "setup",
                ["Input.Email"] = $"admin{i}@test.local", ["Input.Password"] = password, ["Input.Confirm"] = password,
            }));
        })));

        await using var db = site.Services.GetRequiredService<KnowledgeBaseContextFactory>().CreateDbContext();
        var users = await db.Users.ToListAsync();
        Assert.Single(users);
        Assert.Equal(KcsRole.Admin, users[0].Role);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Redirect))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("already has users", await refused.Content.ReadAsStringAsync());
        }
    }
}

public sealed class SqliteSetupRaceTests : SetupRaceTests
{
    protected override Task<Dictionary<string, string?>> ProviderSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresSetupRaceTests(PostgresServerFixture postgres) : SetupRaceTests
{
    protected override async Task<Dictionary<string, string?>> ProviderSettingsAsync() => new()
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:KnowledgeBase"] = await postgres.Server.CreateDatabaseAsync("kbsetup"),
    };
}
