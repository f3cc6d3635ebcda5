using System.Collections.Concurrent;
using System.Diagnostics;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Import;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Owners;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace KnowledgeBase.Data.Import;

/// <summary>
/// Imports a folder of Markdown files (and its categories.yml, when present). Idempotent: unchanged files are skipped by
/// content hash, changed files become new revisions, articles that exist only in the database are left alone. A bad
/// file is reported with its name, line and reason and the others are still imported. Owners (categories.yml's
/// <c>owner:</c>, an article's <c>owner:</c>) are accounts or teams named by e-mail, user name or team name; an unknown
/// one is reported as <c>file:line: reason</c> and the category keeps its owner (a new one keeps the name as an unclaimed
/// owner for an Admin to assign), the article its category's owner.
/// </summary>
public sealed partial class ContentImporter(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, ArticleStore store, ILogger<ContentImporter> logger,
    ChangeSignal? changeSignal = null, TimeProvider? clock = null)
{
    public const string CategoriesFileName = "categories.yml";

    /// <param name="folder">The folder to read; Markdown files are searched recursively.</param>
    /// <param name="allowedRoot">When set, the folder must lie inside it (the site only imports from its content folder).</param>
    public async Task<ImportReport> ImportAsync(string folder, string? allowedRoot = null, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var root = Path.GetFullPath(folder);
        if (allowedRoot is not null)
        {
            var allowed = Path.GetFullPath(allowedRoot).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            if (!(root + Path.DirectorySeparatorChar).StartsWith(allowed, StringComparison.Ordinal))
                throw new ArgumentException($"Import folder '{folder}' is outside the content folder '{allowedRoot}'.", nameof(folder));
        }
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"Import folder '{folder}' does not exist.");

        var problems = new List<ImportProblem>();
        var (categoriesAdded, categoriesUpdated) = await ImportCategoriesAsync(root, problems, cancellationToken);

        await using var lookup = await contextFactory.CreateDbContextAsync(cancellationToken);
        var owners = new OwnerNames();
        var knownCategories = (await lookup.Categories.AsNoTracking().Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var existing = await lookup.Articles.AsNoTracking()
            .Select(a => new { a.Id, a.ContentHash, a.Version, a.SourcePath, a.DeletedAt, a.State, a.Audience, a.Owner })
            .ToDictionaryAsync(a => a.Id, StringComparer.Ordinal, cancellationToken);

        var files = Directory.EnumerateFiles(root, "*.md", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .ToList();

        // Parsing and rendering dominate the cost and are independent per file: do them in parallel, store in order.
        var parsed = new ConcurrentDictionary<int, (ImportDocument? Document, ImportProblem? Problem)>();
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var bytes = File.ReadAllBytes(Path.Combine(root, files[i]));
            parsed[i] = ArticleFileParser.Parse(files[i], bytes, knownCategories.Contains);
        });

        int created = 0, updated = 0, unchanged = 0;
        var seenIds = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            var (document, problem) = parsed[i];
            if (problem is not null) { problems.Add(problem); continue; }
            var doc = document!;
            if (seenIds.TryGetValue(doc.Id, out var firstFile))
            {
                problems.Add(new ImportProblem(doc.SourcePath, 1, $"id '{doc.Id}' is already used by {firstFile}"));
                continue;
            }
            seenIds[doc.Id] = doc.SourcePath;

            var origin = new ArticleOrigin(doc.SourcePath, doc.ContentHash, doc.Reviewed, doc.Rendered);
            if (doc.Owner is { } named)
            {
                var known = existing.GetValueOrDefault(doc.Id)?.Owner;
                var owner = named == known ? known : await owners.ResolveAsync(lookup, named, cancellationToken);
                if (owner is null)
                    problems.Add(new ImportProblem(doc.SourcePath, doc.OwnerLine, $"owner '{named}' is not a user's e-mail or user name nor a team's name; the article is owned by its category's owner"));
                doc = doc with { Owner = owner };
            }
            try
            {
                if (!existing.TryGetValue(doc.Id, out var current))
                {
                    await store.CreateAsync(Actor.System, doc.Id, EditOf(doc, doc.State ?? KcsState.NotValidated, doc.Audience ?? Audience.Internal, "Imported from " + doc.SourcePath), origin, cancellationToken);
                    created++;
                }
                else if (current.DeletedAt is not null)
                {
                    problems.Add(new ImportProblem(doc.SourcePath, 0, $"article '{doc.Id}' was deleted in the knowledge base; not re-imported"));
                }
                else if (!string.Equals(current.SourcePath, doc.SourcePath, StringComparison.Ordinal))
                {
                    // An id the knowledge base already uses for another article (written in the site, or imported from
                    // another file) is not taken over: that would overwrite someone's work with this file's.
                    problems.Add(new ImportProblem(doc.SourcePath, 0, $"id '{doc.Id}' is already used by an article "
                        + (current.SourcePath is null ? "written in the knowledge base" : $"imported from {current.SourcePath}") + "; not overwritten (give this file another id)"));
                }
                else if (current.ContentHash == doc.ContentHash)
                {
                    unchanged++;
                }
                else
                {
                    // Who may read an article is decided in the knowledge base once it exists (publishing is a Publisher's
                    // act, and taking an article back from customers must stick): a re-import keeps the audience.
                    if (doc.Audience is { } wanted && wanted != current.Audience)
                        problems.Add(new ImportProblem(doc.SourcePath, 0, $"audience {wanted.ToString().ToLowerInvariant()} differs from the knowledge base's ({current.Audience.ToString().ToLowerInvariant()}); kept the knowledge base's — change it in the site"));
                    var edit = EditOf(doc, doc.State ?? current.State, current.Audience, "Re-imported from " + doc.SourcePath);
                    var outcome = await store.UpdateAsync(Actor.System, doc.Id, current.Version, edit, origin, cancellationToken);
                    if (outcome.Applied) updated++; else unchanged++;
                }
            }
            catch (Exception ex) when (ex is ArticleValidationException or ArticleForbiddenException or ArticleConflictException)
            {
                problems.Add(new ImportProblem(doc.SourcePath, 0, ex.Message));
            }
        }

        var report = new ImportReport(created, updated, unchanged, categoriesAdded, categoriesUpdated, problems, stopwatch.Elapsed);
        LogImported(root, report.Created, report.Updated, report.Unchanged, report.Problems.Count, report.Elapsed.TotalSeconds);
        foreach (var p in problems) LogProblem(p.File, p.Line, p.Reason);
        return report;
    }

    private static ArticleEdit EditOf(ImportDocument doc, KcsState state, Audience audience, string note) => new()
    {
        Title = doc.Title, Body = doc.Body, State = state, Audience = audience,
        Categories = doc.Categories, Tags = doc.Tags, Owner = doc.Owner, ChangeNote = note,
    };

    private async Task<(int Added, int Updated)> ImportCategoriesAsync(string root, List<ImportProblem> problems, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, CategoriesFileName);
        if (!File.Exists(path)) return (0, 0);
        var (categories, categoryProblems, ownerLines) = CategoryFileParser.ParseWithLines(CategoriesFileName, await File.ReadAllTextAsync(path, cancellationToken));
        problems.AddRange(categoryProblems);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.Categories.ToDictionaryAsync(c => c.Id, StringComparer.Ordinal, cancellationToken);
        var owners = new OwnerNames();
        var reowned = new List<string>();
        int added = 0, updated = 0;
        // Parents first, so the self-reference is always satisfied.
        foreach (var category in categories)
        {
            if (category.ParentId is not null && !stored.ContainsKey(category.ParentId) && categories.All(c => c.Id != category.ParentId))
            {
                problems.Add(new ImportProblem(CategoriesFileName, 0, $"category '{category.Id}' has an unknown parent '{category.ParentId}'"));
                continue;
            }
            var named = category.Owner;
            var current = stored.GetValueOrDefault(category.Id);
            var resolved = named == current?.Owner ? named : await owners.ResolveAsync(db, named, cancellationToken);
            if (resolved is null)
            {
                // An existing category keeps its owner; a new one keeps the name, nothing lost, for an Admin to assign.
                resolved = current?.Owner ?? named;
                var kept = current is not null ? "the category keeps its owner" : "kept as an unclaimed owner for an Admin to assign on the Owners to assign page";
                problems.Add(new ImportProblem(CategoriesFileName, ownerLines.GetValueOrDefault(category.Id), $"category '{category.Id}': owner '{named}' is not a user's e-mail or user name nor a team's name; {kept}"));
            }
            category.Owner = resolved;
            if (current is not null)
            {
                if (current.Owner != category.Owner) reowned.Add(current.Id);
                if (current.Name == category.Name && current.Owner == category.Owner && current.ParentId == category.ParentId
                    && current.ReviewIntervalDays == category.ReviewIntervalDays && current.Description == category.Description)
                    continue;
                current.Name = category.Name;
                current.Owner = category.Owner;
                current.ParentId = category.ParentId;
                current.ReviewIntervalDays = category.ReviewIntervalDays;
                current.Description = category.Description;
                current.SortOrder = category.SortOrder;
                updated++;
            }
            else
            {
                db.Categories.Add(category);
                stored[category.Id] = category;
                added++;
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        if (reowned.Count > 0)
        {
            // The owner is in every node's search index: tell them through the change log.
            await OwnerChangeLog.AddForCategoriesAsync(db, reowned, Actor.System.Name, (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            changeSignal?.Notify();
        }
        return (added, updated);
    }

    /// <summary>Owner names of one import resolved once each (thousands of files name a handful of owners).</summary>
    private sealed class OwnerNames
    {
        private readonly Dictionary<string, string?> _resolved = new(StringComparer.Ordinal);

        public async Task<string?> ResolveAsync(KnowledgeBaseDbContext db, string named, CancellationToken cancellationToken)
        {
            if (_resolved.TryGetValue(named, out var known)) return known;
            var resolved = (await OwnerDirectory.ResolveAsync(db, named, cancellationToken)).Owner?.Ref;
            _resolved[named] = resolved;
            return resolved;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Folder}: {Created} created, {Updated} updated, {Unchanged} unchanged, {Problems} problems in {Seconds:0.0} s")]
    private partial void LogImported(string folder, int created, int updated, int unchanged, int problems, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import problem in {File} line {Line}: {Reason}")]
    private partial void LogProblem(string file, int line, string reason);
}
