using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Owners;
using KnowledgeBase.Data.Settings;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Owners;

/// <summary>
/// Who owns what, and who that is (docs/people.md). The read side every room asks: the accountable owner of an article
/// or a category, the accounts an owner resolves to (a user, or a team's members — what notifications call), owners'
/// names for pages, filters and reports, what an owner typed in a form or a file means, a person's review scope
/// ("mine"), the triage owner and the unclaimed owners.
/// </summary>
public sealed class OwnerDirectory(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>Names change rarely and every page with owners needs them: a short cache saves a query per render.</summary>
    public static readonly TimeSpan NameCacheTime = TimeSpan.FromSeconds(5);
    public const string UnownedName = "unowned";
    /// <summary>The longest owner a form, a file or the API may name (an e-mail address can be this long).</summary>
    public const int MaxTypedLength = 256;

    private volatile NameSnapshot? _names;

    /// <summary>Forgets the cached names (after this node changed an account or a team), so the next page shows the change.</summary>
    public void Invalidate() => _names = null;

    private sealed record NameSnapshot(IReadOnlyDictionary<string, OwnerEntry> Entries, DateTime LoadedAt);

    /// <summary>Every internal account and every team, by stored reference (cached for <see cref="NameCacheTime"/>).</summary>
    public async Task<IReadOnlyDictionary<string, OwnerEntry>> EntriesAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_names is { } names && now - names.LoadedAt < NameCacheTime) return names.Entries;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var entries = new Dictionary<string, OwnerEntry>(StringComparer.Ordinal);
        foreach (var entry in await UsersAsync(db.Users.AsNoTracking().Where(u => u.Audience == Audience.Internal), cancellationToken)) entries[entry.Ref] = entry;
        foreach (var entry in await TeamsAsync(db, null, cancellationToken)) entries[entry.Ref] = entry;
        _names = new NameSnapshot(entries, now);
        return entries;
    }

    /// <summary>What to show for a stored owner reference: a person's or team's name, "name (unclaimed)", or "unowned".</summary>
    public static string NameOf(IReadOnlyDictionary<string, OwnerEntry> entries, string? ownerRef)
    {
        if (string.IsNullOrWhiteSpace(ownerRef)) return UnownedName;
        if (entries.TryGetValue(ownerRef, out var entry)) return entry.Disabled ? $"{entry.Name} (disabled)" : entry.Name;
        return OwnerRef.Parse(ownerRef) switch
        {
            { Kind: OwnerKind.Unclaimed } unclaimed => $"{unclaimed.Key} (unclaimed)",
            { Kind: OwnerKind.Team } => "a deleted team",
            _ => "an unknown account",
        };
    }

    public async Task<string> NameOfAsync(string? ownerRef, CancellationToken cancellationToken = default)
    {
        var entries = await EntriesAsync(cancellationToken);
        // An account or team made on another node within the cache time: read the names again rather than say "unknown".
        if (ownerRef is not null && !entries.ContainsKey(ownerRef) && OwnerRef.Parse(ownerRef) is { Kind: not OwnerKind.Unclaimed })
        {
            Invalidate();
            entries = await EntriesAsync(cancellationToken);
        }
        return NameOf(entries, ownerRef);
    }

    /// <summary>
    /// What an owner typed as text means: a stored reference, a user's e-mail or user name, or a team's name (case does
    /// not matter). Customer-audience and disabled accounts own nothing; an unknown name is refused with what to type.
    /// </summary>
    public async Task<OwnerResolution> ResolveAsync(string? text, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await ResolveAsync(db, text, cancellationToken);
    }

    /// <summary><see cref="ResolveAsync(string?, CancellationToken)"/> on a context the caller holds (the article store's save).</summary>
    internal static async Task<OwnerResolution> ResolveAsync(KnowledgeBaseDbContext db, string? text, CancellationToken cancellationToken)
    {
        var typed = text?.Trim() ?? "";
        if (typed.Length == 0) return OwnerResolution.Refused("Name an owner: a user's e-mail or user name, or a team's name.");
        if (typed.Length > MaxTypedLength) return OwnerResolution.Refused($"An owner's e-mail, user name or team name is at most {MaxTypedLength} characters.");
        var parsed = OwnerRef.Parse(typed);
        var userId = parsed?.UserId;
        var teamId = parsed?.TeamId;
        var upper = typed.ToUpperInvariant();
        var matching = db.Users.AsNoTracking().Where(u => u.NormalizedEmail == upper || u.NormalizedUserName == upper || u.Id == userId);
        var customer = await matching.Where(u => u.Audience != Audience.Internal).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        if (customer is not null) return OwnerResolution.Refused($"{customer} is a customer account; owners are service-desk accounts.");
        var users = await UsersAsync(matching, cancellationToken);
        var normalized = Team.Normalize(typed);
        var teams = await TeamsAsync(db, t => t.NormalizedName == normalized || t.Id == teamId, cancellationToken);
        var found = users.Concat(teams).ToList();
        if (found.Count == 0)
            return OwnerResolution.Refused($"No user or team is called '{typed}'. Type a user's e-mail or user name, or a team's name (teams are on the Teams page).");
        if (found.Count > 1)
            return OwnerResolution.Refused($"'{typed}' names both a user and a team; type the user's e-mail or choose the team from the list.");
        var owner = found[0];
        if (owner.Disabled) return OwnerResolution.Refused($"{owner.Name} ({owner.Detail}) is disabled and cannot own anything; choose someone else or enable the account first.");
        return OwnerResolution.Found(owner);
    }

    /// <summary>
    /// The owners whose name, e-mail or team name contains <paramref name="term"/> (the owner pickers), people and teams
    /// that can own things only, best matches first.
    /// </summary>
    public async Task<IReadOnlyList<OwnerEntry>> SearchAsync(string? term, int limit = 20, CancellationToken cancellationToken = default)
    {
        var entries = (await EntriesAsync(cancellationToken)).Values.Where(e => !e.Disabled);
        var t = term?.Trim() ?? "";
        if (t.Length > 0)
            entries = entries.Where(e => e.Name.Contains(t, StringComparison.OrdinalIgnoreCase) || e.InputName.Contains(t, StringComparison.OrdinalIgnoreCase));
        return entries.OrderBy(e => e.Name.StartsWith(t, StringComparison.OrdinalIgnoreCase) ? 0 : 1).ThenBy(e => e.Kind).ThenBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
            .Take(Math.Clamp(limit, 1, 1000)).ToList();
    }

    /// <summary>The accountable owner of an article now: explicit, else its primary category's owner; null when unowned or unknown.</summary>
    public async Task<string?> AccountableOwnerOfArticleAsync(string articleId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await OwnerQueries.AccountableOwnerAsync(db, articleId, cancellationToken);
    }

    public async Task<string?> OwnerOfCategoryAsync(string categoryId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Categories.AsNoTracking().Where(c => c.Id == categoryId).Select(c => c.Owner).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The enabled accounts an owner resolves to: the user, or the team's members. An unclaimed name reaches nobody
    /// (an Admin assigns it on the owners page); a disabled account is left out.
    /// </summary>
    public async Task<IReadOnlyList<OwnerAccount>> AccountsOfAsync(string? ownerRef, CancellationToken cancellationToken = default)
    {
        if (OwnerRef.Parse(ownerRef) is not { Kind: not OwnerKind.Unclaimed }) return [];
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return (await AccountsOf(db, ownerRef).OrderBy(u => u.UserName).Select(u => new { u.Id, u.UserName, u.Email, u.DisplayName }).ToListAsync(cancellationToken))
            .Select(u => new OwnerAccount(u.Id, u.UserName ?? "", u.Email ?? "", u.DisplayName)).ToList();
    }

    /// <summary>
    /// The one home of "who an owner is": the enabled internal user, or the enabled internal members of the team; nobody
    /// for an unclaimed name. On a context the caller holds (notifications are written inside the event's transaction).
    /// </summary>
    internal static IQueryable<Identity.KbUser> AccountsOf(KnowledgeBaseDbContext db, string? ownerRef)
    {
        var users = db.Users.AsNoTracking().Where(u => u.DisabledAt == null && u.Audience == Audience.Internal);
        var owner = OwnerRef.Parse(ownerRef);
        if (owner?.UserId is { } userId) return users.Where(u => u.Id == userId);
        if (owner?.TeamId is { } teamId) return users.Where(u => db.TeamMembers.Any(m => m.TeamId == teamId && m.UserId == u.Id));
        return users.Where(_ => false);
    }

    /// <summary>
    /// The accounts accountable for an article now: its accountable owner's, or — when it is unowned — the triage
    /// owner's. What a "flag raised on an article I own" notification is sent to.
    /// </summary>
    public async Task<IReadOnlyList<OwnerAccount>> AccountableAccountsOfArticleAsync(string articleId, CancellationToken cancellationToken = default)
    {
        var owner = await AccountableOwnerOfArticleAsync(articleId, cancellationToken) ?? await TriageOwnerAsync(cancellationToken);
        return await AccountsOfAsync(owner, cancellationToken);
    }

    /// <summary>Who triages unowned articles (an Admin sets it on the owners page); null when nobody does yet.</summary>
    public async Task<string?> TriageOwnerAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await TriageOwnerAsync(db, cancellationToken);
    }

    internal static Task<string?> TriageOwnerAsync(KnowledgeBaseDbContext db, CancellationToken cancellationToken) =>
        db.SiteSettings.AsNoTracking().Where(s => s.Key == SiteSettingKeys.TriageOwner).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// "Mine" for the signed-in account <paramref name="userName"/>: what it owns, what its teams own, the unowned articles
    /// when it (or one of its teams) is the triage owner and, for a Knowledge Domain Expert or an Admin, every article in
    /// the subtrees of the categories it or its teams own (its domain).
    /// </summary>
    public async Task<ReviewScope> ScopeOfUserAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await ScopeOfUserAsync(db, userName, cancellationToken);
    }

    /// <summary><see cref="ScopeOfUserAsync(string, CancellationToken)"/> on a context the caller holds (inside its transaction).</summary>
    internal static async Task<ReviewScope> ScopeOfUserAsync(KnowledgeBaseDbContext db, string userName, CancellationToken cancellationToken)
    {
        var refs = await OwnerQueries.RefsOfUserAsync(db, userName, cancellationToken);
        var role = await db.Users.AsNoTracking().Where(u => u.UserName == userName && u.Audience == Audience.Internal).Select(u => (KcsRole?)u.Role).FirstOrDefaultAsync(cancellationToken);
        var wholeDomain = role is { } r && r.Has(KcsPermission.ManageDomain);
        return await ScopeAsync(db, refs, wholeDomain, cancellationToken);
    }

    /// <summary>
    /// The queue of a stored owner reference: a user's is their "mine" (<see cref="ScopeOfUserAsync"/>), a team's or an
    /// unclaimed name's is what it owns, plus the unowned articles when it is the triage owner.
    /// </summary>
    public async Task<ReviewScope> ScopeOfAsync(string ownerRef, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (OwnerRef.Parse(ownerRef) is { Kind: OwnerKind.User } user)
        {
            var userName = await db.Users.AsNoTracking().Where(u => u.Id == user.Key).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken);
            if (userName is not null) return await ScopeOfUserAsync(userName, cancellationToken);
        }
        return await ScopeAsync(db, [ownerRef], wholeDomain: false, cancellationToken);
    }

    private static async Task<ReviewScope> ScopeAsync(KnowledgeBaseDbContext db, IReadOnlyList<string> refs, bool wholeDomain, CancellationToken cancellationToken)
    {
        var triage = await TriageOwnerAsync(db, cancellationToken);
        IReadOnlyList<string> domain = [];
        if (wholeDomain)
        {
            var categories = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.ParentId, c.Owner }).ToListAsync(cancellationToken);
            var children = categories.ToLookup(c => c.ParentId ?? "", c => c.Id);
            var found = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>(categories.Where(c => refs.Contains(c.Owner, StringComparer.Ordinal)).Select(c => c.Id));
            while (stack.TryPop(out var id))
            {
                if (!found.Add(id)) continue;
                foreach (var child in children[id]) stack.Push(child);
            }
            domain = found.Order(StringComparer.Ordinal).ToList();
        }
        return new ReviewScope(refs, domain, triage is not null && refs.Contains(triage, StringComparer.Ordinal));
    }

    /// <summary>Names that own something but are no account or team, with what they own and a likely match.</summary>
    public async Task<IReadOnlyList<UnclaimedOwner>> UnclaimedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var categoryOwners = await db.Categories.AsNoTracking().Select(c => c.Owner).ToListAsync(cancellationToken);
        var articleOwners = await OwnerQueries.Owned(db, db.Articles.AsNoTracking().Where(a => a.DeletedAt == null))
            .Select(o => new { Explicit = o.Article.Owner, Accountable = o.Article.Owner ?? o.CategoryOwner }).ToListAsync(cancellationToken);
        static bool IsUnclaimed(string? owner) => OwnerRef.Parse(owner) is { Kind: OwnerKind.Unclaimed };
        var names = categoryOwners.Where(IsUnclaimed).Concat(articleOwners.Select(a => a.Explicit).Where(IsUnclaimed)).Select(n => n!)
            .Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0) return [];
        var entries = (await EntriesAsync(cancellationToken)).Values.Where(e => !e.Disabled).ToList();
        return names.Select(name => new UnclaimedOwner(name,
                categoryOwners.Count(o => o == name),
                articleOwners.Count(a => a.Accountable == name),
                articleOwners.Count(a => a.Explicit == name),
                Suggest(entries, name)))
            .OrderByDescending(u => u.Articles).ThenBy(u => u.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The account or team a free-text name most likely means: same e-mail, user name, e-mail before the @, display name or team name.</summary>
    internal static OwnerEntry? Suggest(IReadOnlyList<OwnerEntry> entries, string name)
    {
        static string Simple(string s) => new(s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        var wanted = Simple(name);
        if (wanted.Length == 0) return null;
        var matches = entries.Where(e => Simple(e.InputName) == wanted || Simple(e.Name) == wanted
                                         || (e.Kind == OwnerKind.User && Simple(e.InputName.Split('@')[0]) == wanted)).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    private static async Task<IReadOnlyList<OwnerEntry>> UsersAsync(IQueryable<Identity.KbUser> users, CancellationToken cancellationToken) =>
        (await users.Select(u => new { u.Id, u.UserName, u.Email, u.DisplayName, u.DisabledAt }).ToListAsync(cancellationToken))
        .Select(u =>
        {
            var email = u.Email ?? u.UserName ?? "";
            var name = string.IsNullOrWhiteSpace(u.DisplayName) ? email : u.DisplayName;
            return new OwnerEntry(OwnerRef.User(u.Id).ToString(), OwnerKind.User, name, email, email, u.DisabledAt is not null);
        }).ToList();

    private static async Task<IReadOnlyList<OwnerEntry>> TeamsAsync(KnowledgeBaseDbContext db, System.Linq.Expressions.Expression<Func<Team, bool>>? filter, CancellationToken cancellationToken)
    {
        IQueryable<Team> teams = db.Teams.AsNoTracking();
        if (filter is not null) teams = teams.Where(filter);
        return (await teams.Select(t => new { t.Id, t.Name, Members = t.Members.Count }).ToListAsync(cancellationToken))
            .Select(t => new OwnerEntry(OwnerRef.Team(t.Id).ToString(), OwnerKind.Team, t.Name, $"team of {t.Members} member{(t.Members == 1 ? "" : "s")}", t.Name))
            .ToList();
    }
}
