using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Tickets;

namespace KnowledgeBase.Data.Tests;

/// <summary>The storage base plus the reuse ledger and helpers that place articles, tickets and links at given times.</summary>
public abstract class LedgerTestBase : StorageTestBase, IAsyncLifetime
{
    // StorageTestBase.InitializeAsync is not virtual: re-implementing the interface lets fixtures seed after it.
    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await SeedAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();

    /// <summary>Runs after the categories of the base are in place.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    protected static readonly Actor Contributor = new("casey", KcsRole.Contributor);
    protected static readonly Actor Candidate = new("cleo", KcsRole.Candidate);
    protected static readonly Actor Expert = new("kim", KcsRole.KnowledgeDomainExpert);

    protected ReuseLedger Ledger => new(Database.Factory, Clock);

    protected static DateTime At(int year, int month, int day, int hour = 9, int minute = 0) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    protected void SetNow(DateTime utc) => Clock.Now = new DateTimeOffset(utc);

    protected async Task<Article> ArticleAsync(string id, DateTime createdAt, string category = "email-outlook", KcsState state = KcsState.Validated, string? owner = null)
    {
        SetNow(createdAt);
        return await Store.CreateAsync(Contributor, id, new ArticleEdit
        {
            Title = $"Article {id}", Body = "## Issue\nSomething.\n\n## Resolution\nFix it.", State = state,
            Categories = [category], Owner = owner,
        });
    }

    protected static TicketKey Key(string id) => new("psa", "test", id);

    protected async Task<Ticket> TicketAsync(string id, DateTime openedAt, DateTime? closedAt, string? category = "email-outlook", string? client = null, string? technician = null)
    {
        var result = await Ledger.UpsertTicketAsync(new TicketUpsert
        {
            Key = Key(id), Subject = $"Ticket {id}", CategoryId = category, Client = client, Technician = technician,
            Status = closedAt is null ? TicketStatus.Open : TicketStatus.Closed, OpenedAt = openedAt, ClosedAt = closedAt,
        });
        return result.Ticket;
    }

    protected async Task<LinkResult> LinkAsync(string ticket, string article, LinkType type, DateTime at, Actor? actor = null, bool stillAccurate = false)
    {
        SetNow(at);
        return await Ledger.LinkAsync(actor ?? Contributor, new LinkRequest(Key(ticket), article, type) { StillAccurate = stillAccurate });
    }
}
