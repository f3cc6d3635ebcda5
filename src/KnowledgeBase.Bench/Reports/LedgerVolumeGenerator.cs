using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Tickets;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Bench.Reports;

/// <summary>
/// Bulk-loads a synthetic reuse ledger: categories with owners, articles, tickets over the last year (ids assigned
/// here so links need no round trip), links (one per ticket and article), searches, flags and open proposals. EF
/// AddRange in batches with change detection off, one transaction per batch.
/// </summary>
public static class LedgerVolumeGenerator
{
    private const int BatchSize = 20_000;
    public const int Owners = 12;

    public static async Task GenerateAsync(KnowledgeBaseContextFactory factory, ReportsOptions options, DateTime now, TextWriter progress)
    {
        var random = new Random(options.Seed);
        var categories = Enumerable.Range(0, 48).Select(i => new TicketCategory
        {
            Id = $"cat-{i:D2}", Name = $"Category {i}", Owner = $"owner-{i % Owners:D2}", ReviewIntervalDays = 60 + 30 * (i % 6),
        }).ToList();
        await InsertAsync(factory, categories);

        var articleCreated = new DateTime[options.Articles];
        var articles = new List<Article>(options.Articles);
        for (var i = 0; i < options.Articles; i++)
        {
            var created = now.AddDays(-random.NextDouble() * 900);
            articleCreated[i] = created;
            var roll = random.Next(100);
            var article = new Article
            {
                Id = $"a{i:D6}", Title = $"Synthetic article {i}", Body = "## Issue\nx\n\n## Resolution\ny", Html = "<p>x</p>",
                State = roll < 75 ? KcsState.Validated : roll < 88 ? KcsState.NotValidated : roll < 95 ? KcsState.Wip : KcsState.Archived,
                Owner = random.Next(10) == 0 ? $"owner-{random.Next(Owners):D2}" : null,
                CreatedAt = created, CreatedBy = "bench", UpdatedAt = created, UpdatedBy = "bench", Version = 1,
                LastReviewedAt = random.Next(2) == 0 ? created.AddDays(random.NextDouble() * (now - created).TotalDays) : null,
            };
            article.Categories.Add(new ArticleCategory { ArticleId = article.Id, CategoryId = categories[Skewed(random, categories.Count)].Id, Position = 0 });
            articles.Add(article);
        }
        await InsertAsync(factory, articles);
        progress.WriteLine($"  {categories.Count} categories, {articles.Count:N0} articles");

        var tickets = new List<Ticket>(options.Tickets);
        for (var i = 0; i < options.Tickets; i++)
        {
            var opened = now.AddDays(-random.NextDouble() * 365);
            var closed = opened.AddHours(random.NextDouble() * 120);
            var isClosed = closed < now && random.Next(20) != 0;
            tickets.Add(new Ticket
            {
                Id = i + 1, System = "bench", Instance = "psa", ExternalId = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Subject = $"Synthetic ticket {i}", CategoryId = random.Next(25) == 0 ? null : categories[Skewed(random, categories.Count)].Id,
                Client = $"Client {random.Next(300)}", Technician = $"tech-{random.Next(80):D2}",
                Status = isClosed ? TicketStatus.Closed : TicketStatus.Open, OpenedAt = opened, ClosedAt = isClosed ? closed : null, UpdatedAt = opened,
            });
        }
        await InsertAsync(factory, tickets);
        progress.WriteLine($"  {tickets.Count:N0} tickets");

        // About 70 % of the tickets get links; the linked ones share the requested total.
        var linkedTickets = Math.Min(tickets.Count, Math.Max(1, (int)(tickets.Count * 0.7)));
        var perTicket = (double)options.Links / linkedTickets;
        var links = new List<TicketLink>(BatchSize);
        var made = 0;
        var chosen = new HashSet<int>();
        var order = Enumerable.Range(0, tickets.Count).ToArray();
        random.Shuffle(order);
        for (var t = 0; t < linkedTickets && made < options.Links; t++)
        {
            var ticket = tickets[order[t]];
            var count = Math.Min(options.Links - made, Math.Max(1, (int)Math.Round(perTicket + (random.NextDouble() - 0.5) * 2)));
            if (t == linkedTickets - 1) count = options.Links - made;
            count = Math.Min(count, 20);
            chosen.Clear();
            for (var k = 0; k < count; k++)
            {
                int article;
                do article = Skewed(random, options.Articles); while (!chosen.Add(article));
                var at = ticket.OpenedAt.AddMinutes(random.NextDouble() * Math.Max(1, ((ticket.ClosedAt ?? now) - ticket.OpenedAt).TotalMinutes));
                var roll = random.Next(100);
                links.Add(new TicketLink
                {
                    TicketId = ticket.Id, ArticleId = $"a{article:D6}", LinkedBy = ticket.Technician!, LinkedAt = at, ArticleVersion = 1, Channel = LinkChannel.Api,
                    Type = roll < 3 ? LinkType.Created : roll < 55 ? LinkType.Resolved : LinkType.Reference,
                    RemovedAt = random.Next(50) == 0 ? at.AddHours(1) : null, RemovedBy = null,
                });
                made++;
            }
            if (links.Count >= BatchSize)
            {
                await InsertAsync(factory, links);
                links.Clear();
            }
        }
        await InsertAsync(factory, links);
        progress.WriteLine($"  {made:N0} links");

        var searches = new List<SearchLogEntry>(options.Searches);
        for (var i = 0; i < options.Searches; i++)
        {
            var zero = random.Next(8) == 0;
            var query = $"query {Skewed(random, 5000)}";
            var hit = !zero && random.Next(3) != 0 ? $"a{Skewed(random, options.Articles):D6}" : null;
            searches.Add(new SearchLogEntry
            {
                Query = query, NormalizedQuery = query, ResultCount = zero ? 0 : 1 + random.Next(20), UserName = $"tech-{random.Next(80):D2}",
                SessionId = $"s{i}", OccurredAt = now.AddDays(-random.NextDouble() * 365), Category = random.Next(5) == 0 ? null : categories[random.Next(categories.Count)].Id,
                OpenedArticleId = hit, LinkedArticleId = hit is not null && random.Next(3) == 0 ? hit : null,
            });
        }
        await InsertAsync(factory, searches);

        var flags = Enumerable.Range(0, Math.Max(1, options.Articles / 3)).Select(_ =>
        {
            var raised = now.AddDays(-random.NextDouble() * 200);
            var resolved = random.Next(2) == 0;
            return new ArticleFlag
            {
                ArticleId = $"a{random.Next(options.Articles):D6}", Reason = (FlagReason)random.Next(5), RaisedBy = "bench", RaisedAt = raised,
                ResolvedAt = resolved ? raised.AddDays(3) : null, ResolvedBy = resolved ? "kde" : null,
            };
        }).ToList();
        await InsertAsync(factory, flags);
        var proposals = Enumerable.Range(0, Math.Max(1, options.Articles / 20)).Select(_ => new ProposedRevision
        {
            ArticleId = $"a{random.Next(options.Articles):D6}", BaseVersion = 1, Title = "t", Body = "b", Html = "b", Author = "bench",
            CreatedAt = now.AddDays(-random.NextDouble() * 60), Status = ProposalStatus.Open,
        }).ToList();
        await InsertAsync(factory, proposals);
        progress.WriteLine($"  {searches.Count:N0} searches, {flags.Count:N0} flags, {proposals.Count:N0} open proposals");

        await using var db = factory.CreateDbContext();
        db.Database.SetCommandTimeout(600);
        await ReuseLedger.RecountAllReuseAsync(db, now);
        // Fresh planner statistics, as any maintained database has them.
        await db.Database.ExecuteSqlRawAsync("ANALYZE;");
    }

    /// <summary>Popular items first: index ~ a power law, as reuse is in every knowledge base.</summary>
    private static int Skewed(Random random, int count) => Math.Min(count - 1, (int)(count * Math.Pow(random.NextDouble(), 2.2)));

    private static async Task InsertAsync<T>(KnowledgeBaseContextFactory factory, IReadOnlyList<T> rows) where T : class
    {
        for (var start = 0; start < rows.Count; start += BatchSize)
        {
            await using var db = factory.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Database.SetCommandTimeout(600);
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Set<T>().AddRange(rows.Skip(start).Take(BatchSize));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
    }
}
