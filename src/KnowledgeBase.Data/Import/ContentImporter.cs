using System.Collections.Concurrent;
using System.Diagnostics;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Changes;
using KnowledgeBase.Core.Import;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Core.Attachments;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Attachments;
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
    ChangeSignal? changeSignal = null, TimeProvider? clock = null, AttachmentStore? attachments = null)
{
    public const string CategoriesFileName = "categories.yml";

    private readonly AttachmentStore _files = attachments ?? new AttachmentStore(contextFactory, clock ?? TimeProvider.System);

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
        var notices = new List<ImportProblem>();
        var (categoriesAdded, categoriesUpdated) = await ImportCategoriesAsync(root, problems, cancellationToken);

        await using var lookup = await contextFactory.CreateDbContextAsync(cancellationToken);
        var owners = new OwnerNames();
        var knownCategories = (await lookup.Categories.AsNoTracking().Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var existing = await lookup.Articles.AsNoTracking()
            .Select(a => new { a.Id, a.ContentHash, a.Version, a.SourcePath, a.DeletedAt, a.State, a.Audience, a.Owner })
            .ToDictionaryAsync(a => a.Id, StringComparer.Ordinal, cancellationToken);

        // A knowledge base export keeps each body exactly as stored; its attachments folder holds files, not articles.
        var package = IsExportPackage(root);
        var files = Directory.EnumerateFiles(root, "*.md", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part.StartsWith('.')))
            .Where(f => !package || !f.StartsWith(ExportPackage.AttachmentsFolder + "/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        // Parsing and rendering dominate the cost and are independent per file: do them in parallel, store in order.
        var parsed = new ConcurrentDictionary<int, Parsed>();
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var bytes = File.ReadAllBytes(Path.Combine(root, files[i]));
            var (document, problem) = ArticleFileParser.Parse(files[i], bytes, knownCategories.Contains, exactBody: package);
            parsed[i] = document is null || package ? new Parsed(document, problem, null, []) : WithReferences(document, bytes);
        });

        int created = 0, updated = 0, unchanged = 0;
        var now = (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var seenIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var storedFiles = new Dictionary<string, (StoredAttachment? File, string? Refusal)>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            var (document, problem, text, references) = parsed[i];
            if (problem is not null) { problems.Add(problem); continue; }
            var doc = document!;
            if (references.Count > 0)
            {
                var (withFiles, fileProblem) = await WithStoredFilesAsync(root, doc, text!, references, storedFiles, knownCategories, notices, cancellationToken);
                if (fileProblem is not null) { problems.Add(fileProblem); continue; }
                doc = withFiles!;
            }
            if (doc.Body.Contains(AttachmentLinks.PathPrefix, StringComparison.Ordinal))
                await StorePackagedFilesAsync(root, doc, storedFiles, problems, cancellationToken);
            if (doc.Created > now || doc.Updated > now)
            {
                var (line, what) = doc.Created > now ? (doc.CreatedLine, "created") : (doc.UpdatedLine, "updated");
                problems.Add(new ImportProblem(doc.SourcePath, line, $"{what} is in the future ({ArticleFileWriter.Timestamp((doc.Created > now ? doc.Created : doc.Updated)!.Value)}); give the date the article was {what} in the old system"));
                continue;
            }
            if (seenIds.TryGetValue(doc.Id, out var firstFile))
            {
                problems.Add(new ImportProblem(doc.SourcePath, 1, $"id '{doc.Id}' is already used by {firstFile}"));
                continue;
            }
            seenIds[doc.Id] = doc.SourcePath;

            var origin = new ArticleOrigin(doc.SourcePath, doc.ContentHash, doc.Reviewed, doc.Rendered, doc.Created);
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
                    // Only updated known: the article existed by then at the latest.
                    origin = origin with { Created = doc.Created ?? doc.Updated, Updated = doc.Updated };
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
                        problems.Add(new ImportProblem(doc.SourcePath, 0, $"audience {wanted.ToWire()} differs from the knowledge base's ({current.Audience.ToWire()}); kept the knowledge base's — change it in the site"));
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

        var report = new ImportReport(created, updated, unchanged, categoriesAdded, categoriesUpdated, problems, stopwatch.Elapsed) { Notices = notices };
        LogImported(root, report.Created, report.Updated, report.Unchanged, report.Problems.Count, report.Elapsed.TotalSeconds);
        foreach (var p in problems) LogProblem(p.File, p.Line, p.Reason);
        if (notices.Count > 0) LogNotices(notices.Count);
        return report;
    }

    /// <summary>
    /// Imports a ZIP: this knowledge base's export (<see cref="ExportPackage"/>: bodies kept exactly, files by hash) or
    /// a ZIP of a Markdown folder. It is unpacked into a temporary folder under <see cref="SafeZip"/>'s guard
    /// (<see cref="ZipRefusedException"/> says why a ZIP is refused; nothing is imported then) and removed afterwards.
    /// Problems name files by their path inside the ZIP.
    /// </summary>
    /// <param name="categoryOwner">
    /// For a BookStack export: who owns the categories made from its book and chapters (an e-mail, a user name or a
    /// team's name); without one they are kept as the unclaimed owner "bookstack" for an Admin to assign.
    /// </param>
    public async Task<ImportReport> ImportZipAsync(string zipPath, ZipLimits? limits = null, string? categoryOwner = null, CancellationToken cancellationToken = default)
    {
        var folder = Directory.CreateTempSubdirectory("kb-import-zip-").FullName;
        try
        {
            var unpacked = Path.Combine(folder, "zip");
            await SafeZip.ExtractAsync(zipPath, unpacked, limits, cancellationToken);
            var bookStackData = Path.Combine(unpacked, BookStackExport.DataFileName);
            if (!File.Exists(bookStackData) || IsExportPackage(unpacked))
                return await ImportAsync(unpacked, cancellationToken: cancellationToken);

            // A BookStack portable export: its pages become article files beside the files they use, then import as a folder.
            var converted = Path.Combine(folder, "bookstack");
            var conversion = BookStackExport.Convert(await File.ReadAllTextAsync(bookStackData, cancellationToken), string.IsNullOrWhiteSpace(categoryOwner) ? "bookstack" : categoryOwner.Trim());
            var filesRoot = Path.Combine(unpacked, BookStackExport.FilesFolder) + Path.DirectorySeparatorChar;
            foreach (var (relative, text) in conversion.Files)
            {
                var path = Path.Combine(converted, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, text, cancellationToken);
            }
            foreach (var (file, relative) in conversion.Copies)
            {
                var source = Path.GetFullPath(Path.Combine(filesRoot, file));
                // A name that climbs out of files/ or a file the ZIP lacks: the article's import reports the reference as missing.
                if (!source.StartsWith(filesRoot, StringComparison.Ordinal) || !File.Exists(source)) continue;
                var target = Path.Combine(converted, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target, overwrite: false);
            }
            var report = await ImportAsync(converted, cancellationToken: cancellationToken);
            return report with { Problems = [.. conversion.Problems, .. report.Problems] };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed record Parsed(ImportDocument? Document, ImportProblem? Problem, string? Text, IReadOnlyList<FileReference> References);

    private static bool IsExportPackage(string root)
    {
        var manifest = Path.Combine(root, ExportPackage.ManifestFileName);
        if (!File.Exists(manifest)) return false;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(manifest));
            return json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && json.RootElement.TryGetProperty("format", out var format) && format.ValueEquals(ExportPackage.Format);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>The file's text (\n line endings) and the files it refers to by relative path.</summary>
    private static Parsed WithReferences(ImportDocument document, byte[] bytes)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var references = FileReferences.InFile(text);
        return new Parsed(document, null, references.Count > 0 ? text : null, references);
    }

    /// <summary>
    /// Stores the files an article refers to by relative path (through the attachment store: by content, sniffed,
    /// limited) and points its references at the stored files. A file that is missing, outside the imported folder or
    /// refused is reported with the line that names it, and its reference is left as written.
    /// </summary>
    private async Task<(ImportDocument?, ImportProblem?)> WithStoredFilesAsync(string root, ImportDocument doc, string text, IReadOnlyList<FileReference> references,
        Dictionary<string, (StoredAttachment? File, string? Refusal)> stored, HashSet<string> knownCategories, List<ImportProblem> notices, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.Combine(root, doc.SourcePath))!;
        var rootPrefix = root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var replacements = new List<(FileReference, string)>();
        foreach (var reference in references)
        {
            var what = reference.IsImage ? "image" : "file";
            var full = Path.GetFullPath(Path.Combine(folder, reference.Path));
            if (!full.StartsWith(rootPrefix, StringComparison.Ordinal))
            {
                notices.Add(new ImportProblem(doc.SourcePath, reference.Line, $"{what} '{reference.Target}' is outside the imported folder; not imported, the reference is left as it is"));
                continue;
            }
            if (!stored.TryGetValue(full, out var outcome))
            {
                // Each file is read once per import; a file many articles miss or share gets the same answer each time.
                if (!File.Exists(full))
                {
                    outcome = (null, $"not found ({Path.GetRelativePath(root, full).Replace('\\', '/')}); the reference is left as it is");
                }
                else
                {
                    try
                    {
                        await using var content = File.OpenRead(full);
                        outcome = (await _files.StoreAsync(content, Path.GetFileName(full), Actor.System.Name, cancellationToken), null);
                    }
                    catch (AttachmentRefusedException ex)
                    {
                        outcome = (null, $"{ex.Message} The reference is left as it is.");
                    }
                }
                stored[full] = outcome;
            }
            if (outcome.File is { } file) replacements.Add((reference, AttachmentLinks.Url(file.Sha256, file.FileName)));
            else notices.Add(new ImportProblem(doc.SourcePath, reference.Line, outcome.Refusal!.StartsWith("not found", StringComparison.Ordinal)
                ? $"{what} '{reference.Target}' {outcome.Refusal}"
                : $"{what} '{reference.Target}': {outcome.Refusal}"));
        }
        if (replacements.Count == 0) return (doc, null);
        var rewritten = FileReferences.Rewrite(text, replacements);
        return ArticleFileParser.Parse(doc.SourcePath, System.Text.Encoding.UTF8.GetBytes(rewritten), knownCategories.Contains);
    }

    /// <summary>
    /// An exported article links to its files as <c>/attachments/{sha256}/{name}</c>; a file not stored here yet is taken
    /// from the package's <c>attachments/{sha256}/</c> folder, and must have that hash.
    /// </summary>
    private async Task StorePackagedFilesAsync(string root, ImportDocument doc, Dictionary<string, (StoredAttachment? File, string? Refusal)> stored, List<ImportProblem> problems, CancellationToken cancellationToken)
    {
        foreach (var sha in AttachmentLinks.In(doc.Body))
        {
            if (stored.ContainsKey(sha) || await _files.ExistsAsync(sha, cancellationToken)) continue;
            var folder = Path.Combine(root, ExportPackage.AttachmentsFolder, sha);
            var file = Directory.Exists(folder) ? Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).FirstOrDefault() : null;
            if (file is null) continue; // the article store refuses the article, naming the missing file
            try
            {
                await using var content = File.OpenRead(file);
                var result = await _files.StoreAsync(content, Path.GetFileName(file), Actor.System.Name, cancellationToken);
                if (result.Sha256 != sha)
                    problems.Add(new ImportProblem(Path.GetRelativePath(root, file).Replace('\\', '/'), 0, $"the file's content does not match its folder's SHA-256 ({sha[..12]}…); it was changed after the export"));
                stored[sha] = (result, null);
            }
            catch (AttachmentRefusedException ex)
            {
                problems.Add(new ImportProblem(Path.GetRelativePath(root, file).Replace('\\', '/'), 0, ex.Message));
            }
        }
    }

    private static ArticleEdit EditOf(ImportDocument doc, KcsState state, Audience audience, string note) => new()
    {
        Title = doc.Title, Body = doc.Body, State = state, Audience = audience,
        Categories = doc.Categories, Tags = doc.Tags, Clients = doc.Clients, Owner = doc.Owner, ChangeNote = note,
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
        var reinterval = new List<(string Id, int Interval)>();
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
                if (current.ReviewIntervalDays != category.ReviewIntervalDays) reinterval.Add((current.Id, category.ReviewIntervalDays));
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
        // Articles keep their review-due date (shown on the article page): a category's new interval moves it.
        foreach (var (categoryId, interval) in reinterval)
            await Categories.ReviewDueRefresh.ForCategoryAsync(db, categoryId, interval, cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Import: {Count} pictures or files referred to by imported articles were not found or not accepted; their references were left as written")]
    private partial void LogNotices(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import problem in {File} line {Line}: {Reason}")]
    private partial void LogProblem(string file, int line, string reason);
}
