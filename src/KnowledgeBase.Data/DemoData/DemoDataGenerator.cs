using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeBase.Data.DemoData;

/// <summary>
/// Fills the reuse ledger with a believable six months of MSP service desk for whatever articles are in the database:
/// tickets from clients like "Contoso Dental" whose subjects come from the articles' titles and issues, links with a
/// category-specific mix of reference / resolved, <c>created</c> links for articles written during the window, searches
/// (some finding nothing), and flags. Deterministic for a seed, "now" and set of articles. Demo rows are marked so a
/// later run can remove them: tickets have System "demo", searches a "demo-" session, flags and links a "@demo" user.
/// The accounts in the database get realistic ownership of the categories no account or team owns yet (<see cref="DemoOwnership"/>):
/// that is not undone by a replace.
/// </summary>
public sealed class DemoDataGenerator(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, ILogger<DemoDataGenerator>? logger = null, TimeProvider? clock = null)
{
    public const string System = "demo";
    public const string UserSuffix = "@demo";

    private static readonly string[] Clients =
    [
        "Contoso Dental", "Fabrikam Legal", "Northwind Traders", "Tailspin Toys", "Woodgrove Accounting", "Litware Clinic",
        "Adventure Works", "Proseware Architects", "Wide World Importers", "Lamna Healthcare", "Alpine Ski House", "Fourth Coffee",
    ];

    private static readonly string[] Technicians =
        ["alex.kim", "blair.osei", "chris.novak", "dana.lee", "eli.martins", "fran.haddad", "gus.white", "hana.sato"];

    private static readonly string[] Gaps =
    [
        "Scanner to email fails with SMTP authentication error", "Label printer prints blank labels after driver update",
        "Dictation software cannot find the microphone", "Practice management app shows 'database locked'",
        "Wi-Fi in the waiting room drops every hour", "Shared calendar not visible on iPhone",
    ];

    private static readonly string[] Prefixes = ["", "", "", "User reports: ", "Urgent - ", "RE: ", "Several users: "];

    private static readonly string[] FlagComments =
    [
        "The screenshots show the old admin center.", "Step 3 no longer exists in the current version.",
        "Did not work for macOS users.", "Same as another article, merge them?", "Missing the cause.",
    ];

    private readonly ILogger _logger = logger ?? NullLogger<DemoDataGenerator>.Instance;

    public async Task<bool> HasDemoDataAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Tickets.AnyAsync(t => t.System == System, cancellationToken);
    }

    /// <summary>Removes every demo row and resets the reuse counts.</summary>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ClearAsync(db, cancellationToken);
        await ReuseLedger.RecountAllReuseAsync(db, (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<DemoDataCounts> GenerateAsync(DemoDataOptions options, CancellationToken cancellationToken = default)
    {
        var now = DateTime.SpecifyKind(options.Now, DateTimeKind.Utc);
        var windowStart = now.AddMonths(-options.Months);
        var random = new Random(options.Seed);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Tickets.AnyAsync(t => t.System == System, cancellationToken))
        {
            if (!options.Replace) throw new InvalidOperationException("Demo data is already there: run with replace to generate it again.");
            await ClearAsync(db, cancellationToken);
        }

        var articles = await db.Articles.AsNoTracking().Where(a => a.DeletedAt == null && a.State != KcsState.Archived).OrderBy(a => a.Id)
            .Select(a => new DemoArticle
            {
                Id = a.Id, Title = a.Title, Issue = a.Issue, CreatedAt = a.CreatedAt, Version = a.Version,
                CategoryId = db.ArticleCategories.Where(c => c.ArticleId == a.Id).OrderBy(c => c.Position).Select(c => c.CategoryId).FirstOrDefault(),
            }).ToListAsync(cancellationToken);
        if (articles.Count == 0) throw new InvalidOperationException("There are no articles: import the starter content first.");
        var categories = await db.Categories.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Owner }).ToListAsync(cancellationToken);

        var backdated = 0;
        if (options.BackdateArticles)
        {
            var span = (now - windowStart).TotalDays;
            var recent = articles.Where(a => a.CreatedAt > windowStart).ToList();
            foreach (var (article, index) in recent.Select((a, i) => (a, i)))
            {
                // Most existed before the window; one in seven (at least one) was written during it, from a ticket.
                article.CreatedAt = index % 7 == Math.Min(3, recent.Count / 2)
                    ? windowStart.AddDays(14 + random.NextDouble() * (span - 28))
                    : windowStart.AddDays(-10 - random.Next(400)).AddMinutes(random.Next(24 * 60));
                await db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.CreatedAt, article.CreatedAt), cancellationToken);
                backdated++;
            }
        }

        // Each category gets its own habits: some link nearly every ticket, some rarely resolve with the article.
        var linkRate = categories.ToDictionary(c => c.Id, _ => 0.45 + random.NextDouble() * 0.45);
        var resolvedShare = categories.ToDictionary(c => c.Id, _ => 0.35 + random.NextDouble() * 0.5);
        // A few articles carry most of the reuse, as in every knowledge base.
        var weights = articles.Select((_, i) => 1.0 / (1 + i % 17)).ToArray();
        var order = articles.OrderBy(_ => random.Next()).ToList();

        var tickets = new List<Ticket>();
        var pending = new List<(int Ticket, DemoArticle Article, LinkType Type, DateTime At, string By)>();
        var searches = new List<SearchLogEntry>();
        var number = 0;

        // Articles written during the window come from a ticket: a `created` link.
        foreach (var article in articles.Where(a => a.CreatedAt > windowStart && a.CreatedAt < now).OrderBy(a => a.CreatedAt))
        {
            var technician = Technicians[random.Next(Technicians.Length)];
            var opened = article.CreatedAt.AddHours(-2 - random.Next(48));
            tickets.Add(NewTicket(++number, Subject(article, random), article.CategoryId, random, technician, opened, article.CreatedAt.AddHours(1 + random.Next(6)), now));
            pending.Add((tickets.Count - 1, article, LinkType.Created, article.CreatedAt, technician + UserSuffix));
        }

        for (var day = windowStart.Date.AddDays(1); day < now; day = day.AddDays(1))
        {
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var count = weekend ? random.Next(2) : Math.Max(1, options.TicketsPerDay - 3 + random.Next(7));
            for (var i = 0; i < count; i++)
            {
                var opened = day.AddHours(7 + random.NextDouble() * 10);
                if (opened >= now) break;
                var closed = opened.AddHours(0.5 + random.NextDouble() * random.Next(1, 96));
                var technician = Technicians[random.Next(Technicians.Length)];
                var session = $"demo-{++number}";
                if (random.Next(10) == 0)
                {
                    // A content gap: nothing in the knowledge base helps.
                    var gap = Gaps[random.Next(Gaps.Length)];
                    var gapCategory = categories[random.Next(categories.Count)].Id;
                    tickets.Add(NewTicket(number, gap, gapCategory, random, technician, opened, closed, now));
                    searches.Add(Search(session, technician, Query(gap, random), 0, gapCategory, opened.AddMinutes(3), null, null));
                    continue;
                }

                var article = Pick(order, weights, random);
                var category = random.Next(10) == 0 ? categories[random.Next(categories.Count)].Id : article.CategoryId;
                tickets.Add(NewTicket(number, Subject(article, random), category, random, technician, opened, closed, now));
                var ticket = tickets[^1];
                var end = ticket.ClosedAt ?? now;
                var linked = article.CreatedAt < end && random.NextDouble() < (category is null ? 0.5 : linkRate.GetValueOrDefault(category, 0.6));
                var searchAt = opened.AddMinutes(2 + random.Next(20));
                var results = 1 + random.Next(12);
                if (linked)
                {
                    var linkAt = Max(article.CreatedAt, opened).AddMinutes(5 + random.NextDouble() * Math.Max(1, (end - Max(article.CreatedAt, opened)).TotalMinutes - 5));
                    if (linkAt > end) linkAt = end;
                    var type = random.NextDouble() < (category is null ? 0.5 : resolvedShare.GetValueOrDefault(category, 0.6)) ? LinkType.Resolved : LinkType.Reference;
                    pending.Add((tickets.Count - 1, article, type, linkAt, technician + UserSuffix));
                    if (random.Next(7) == 0)
                    {
                        var second = Pick(order, weights, random);
                        if (second.Id != article.Id && second.CreatedAt < linkAt)
                            pending.Add((tickets.Count - 1, second, LinkType.Reference, linkAt, technician + UserSuffix));
                    }
                    searches.Add(Search(session, technician, Query(ticket.Subject, random), results, category, Min(searchAt, linkAt),
                        random.Next(3) == 0 ? null : article.Id, article.Id));
                }
                else
                {
                    var opensSomething = random.Next(3) == 0;
                    searches.Add(Search(session, technician, Query(ticket.Subject, random), random.Next(4) == 0 ? 0 : results, category, searchAt,
                        opensSomething ? Pick(order, weights, random).Id : null, null));
                }
                if (random.Next(4) == 0)
                    searches.Add(Search(session, technician, Query(ticket.Subject, random), random.Next(6), category, searchAt.AddMinutes(-1), null, null));
            }
        }

        db.Tickets.AddRange(tickets);
        await db.SaveChangesAsync(cancellationToken);
        var links = pending.Select(p => new TicketLink
        {
            TicketId = tickets[p.Ticket].Id, ArticleId = p.Article.Id, Type = p.Type, ArticleVersion = p.Article.Version,
            LinkedBy = p.By, LinkedAt = p.At, Channel = LinkChannel.Demo, StillAccurate = p.Type == LinkType.Resolved && random.Next(5) == 0,
        }).ToList();
        db.TicketLinks.AddRange(links);
        db.SearchLog.AddRange(searches);

        var flags = new List<ArticleFlag>();
        for (var i = 0; i < Math.Max(3, articles.Count / 4); i++)
        {
            var article = articles[random.Next(articles.Count)];
            var raisedAt = windowStart.AddDays(random.NextDouble() * (now - windowStart).TotalDays);
            var resolved = random.Next(5) < 2 ? raisedAt.AddDays(1 + random.Next(20)) : (DateTime?)null;
            var owner = categories.FirstOrDefault(c => c.Id == article.CategoryId)?.Owner ?? "kde";
            flags.Add(new ArticleFlag
            {
                ArticleId = article.Id, Reason = (FlagReason)random.Next(5), Comment = FlagComments[random.Next(FlagComments.Length)],
                RaisedBy = Technicians[random.Next(Technicians.Length)] + UserSuffix, RaisedAt = raisedAt,
                ResolvedAt = resolved < now ? resolved : null, ResolvedBy = resolved < now ? owner : null, Resolution = resolved < now ? "Updated the article." : null,
            });
        }
        db.ArticleFlags.AddRange(flags);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        var (categoriesAssigned, ownerFlags) = await DemoOwnership.AssignAsync(db, now, random, UserSuffix, cancellationToken);
        await ReuseLedger.RecountAllReuseAsync(db, (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        _logger.LogInformation("Demo data (seed {Seed}): {Tickets} tickets, {Links} links, {Searches} searches, {Flags} flags; {Backdated} articles backdated",
            options.Seed, tickets.Count, links.Count, searches.Count, flags.Count, backdated);
        return new DemoDataCounts(tickets.Count, links.Count, searches.Count, flags.Count + ownerFlags, backdated, tickets.Count > 0 ? tickets[0].Subject : "", categoriesAssigned);
    }

    private static async Task ClearAsync(KnowledgeBaseDbContext db, CancellationToken cancellationToken)
    {
        await db.TicketLinks.Where(l => db.Tickets.Any(t => t.Id == l.TicketId && t.System == System)).ExecuteDeleteAsync(cancellationToken);
        await db.Tickets.Where(t => t.System == System).ExecuteDeleteAsync(cancellationToken);
        await db.SearchLog.Where(s => s.SessionId.StartsWith("demo-")).ExecuteDeleteAsync(cancellationToken);
        await db.ArticleFlags.Where(f => f.RaisedBy.EndsWith(UserSuffix)).ExecuteDeleteAsync(cancellationToken);
    }

    private static Ticket NewTicket(int number, string subject, string? category, Random random, string technician, DateTime opened, DateTime closed, DateTime now) => new()
    {
        System = System, Instance = "demo", ExternalId = $"T{number:D6}", Subject = subject, CategoryId = category,
        Client = Clients[random.Next(Clients.Length)], Technician = technician + UserSuffix,
        Status = closed <= now ? TicketStatus.Closed : TicketStatus.Open, OpenedAt = opened, ClosedAt = closed <= now ? closed : null,
        UpdatedAt = closed <= now ? closed : opened,
    };

    private static SearchLogEntry Search(string session, string technician, string query, int results, string? category, DateTime at, string? opened, string? linked) => new()
    {
        Query = query, NormalizedQuery = SearchQueries.Normalize(query), ResultCount = results, UserName = technician + UserSuffix,
        SessionId = session, OccurredAt = at, OpenedArticleId = results > 0 ? opened : null, LinkedArticleId = results > 0 ? linked : null, Category = category,
    };

    /// <summary>A requester's words: the issue's first sentence or the title's main issue (before the environment dash).</summary>
    private static string Subject(DemoArticle article, Random random)
    {
        var issue = article.Issue.Split(['\n', '.'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => l.Length > 15);
        var title = article.Title.Split(" — ")[0];
        var text = issue is not null && random.Next(2) == 0 ? issue.TrimStart('-', '*', ' ') : title;
        text = Prefixes[random.Next(Prefixes.Length)] + text;
        return text.Length <= 200 ? text : text[..200];
    }

    /// <summary>What a technician types: a few words of the subject, lower case.</summary>
    private static string Query(string subject, Random random)
    {
        var words = subject.ToLowerInvariant().Split([' ', ':', '-', '"', '\''], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 2).ToArray();
        if (words.Length == 0) return subject;
        var start = random.Next(Math.Max(1, words.Length - 3));
        return string.Join(' ', words.Skip(start).Take(2 + random.Next(3)));
    }

    private static DemoArticle Pick(List<DemoArticle> articles, double[] weights, Random random)
    {
        var total = weights.Sum();
        var target = random.NextDouble() * total;
        for (var i = 0; i < articles.Count; i++)
        {
            target -= weights[i];
            if (target <= 0) return articles[i];
        }
        return articles[^1];
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private sealed class DemoArticle
    {
        public required string Id { get; init; }
        public required string Title { get; init; }
        public required string Issue { get; init; }
        public DateTime CreatedAt { get; set; }
        public int Version { get; init; }
        public string? CategoryId { get; init; }
    }
}
