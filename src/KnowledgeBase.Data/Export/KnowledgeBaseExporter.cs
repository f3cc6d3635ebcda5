using System.IO.Compression;
using System.Text;
using System.Text.Json;
using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Attachments;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Import;
using KnowledgeBase.Core.Owners;
using KnowledgeBase.Data.Attachments;
using KnowledgeBase.Data.Owners;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Export;

/// <summary>
/// Writes one article or the whole knowledge base as a portable ZIP (<see cref="ExportPackage"/>, docs/import-export.md)
/// that <see cref="Import.ContentImporter.ImportZipAsync"/> reads back losslessly: bodies byte for byte, metadata, files
/// by hash, categories. The export is the service desk's own: only an internal viewer may make one.
/// </summary>
public sealed class KnowledgeBaseExporter(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, AttachmentStore files, OwnerDirectory owners, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>
    /// Writes the ZIP to <paramref name="output"/> (which need not seek). <paramref name="articleId"/> null exports every
    /// article; otherwise that one, with its categories and their parents. Throws <see cref="ArticleNotFoundException"/>
    /// for an article the viewer may not see, and <see cref="UnauthorizedAccessException"/> for a viewer who is not internal.
    /// </summary>
    public async Task<ExportSummary> WriteAsync(Stream output, Viewer viewer, string? articleId = null, CancellationToken cancellationToken = default)
    {
        // Exports carry internal articles, owners and workflow dates: the service desk's data (AccessPolicy).
        if (!viewer.IsInternal || !viewer.MaySeeWorkflow()) throw new UnauthorizedAccessException("Exports are for internal accounts.");
        var exportedAt = clock.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Articles.AsNoTracking().Where(viewer.VisibleArticles()).Include(a => a.Categories).Include(a => a.Tags).AsSplitQuery();
        if (articleId is not null) query = query.Where(a => a.Id == articleId);
        var articles = await query.OrderBy(a => a.Id).ToListAsync(cancellationToken);
        if (articleId is not null && articles.Count == 0) throw new ArticleNotFoundException(articleId);

        var allCategories = await db.Categories.AsNoTracking().ToListAsync(cancellationToken);
        var categories = articleId is null ? allCategories : WithParents(allCategories, articles.SelectMany(a => a.CategoryIds));
        var names = await owners.EntriesAsync(cancellationToken);

        // Each file once, under the name its first link gives it.
        var attachments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var article in articles)
        {
            var linkNames = AttachmentLinks.NamesIn(article.Body);
            foreach (var sha in AttachmentLinks.In(article.Body))
                attachments.TryAdd(sha, linkNames.GetValueOrDefault(sha) ?? "file");
        }
        var shas = attachments.Keys.ToList();
        var stored = await db.Attachments.AsNoTracking().Where(a => shas.Contains(a.Sha256)).ToDictionaryAsync(a => a.Sha256, cancellationToken);

        var manifest = new ExportManifest
        {
            Format = ExportPackage.Format, Version = ExportPackage.Version, ExportedAt = exportedAt,
            Scope = articleId is null ? "knowledge base" : "article",
            Categories = categories.Count,
        };
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            foreach (var article in articles)
            {
                var path = $"{ExportPackage.ArticlesFolder}/{article.Id}.md";
                var text = ArticleFileWriter.Write(article, OwnerInput(names, article.Owner));
                await WriteTextAsync(zip, path, text, article.UpdatedAt, cancellationToken);
                manifest.Articles.Add(new ExportManifest.ArticleEntry(article.Id, path, article.Version,
                    Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(article.Body)))));
            }
            foreach (var (sha, name) in attachments.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                // A link to a file not stored here cannot be saved (the article store refuses it), so every link has its file.
                if (!stored.TryGetValue(sha, out var file) || FileKind.OfMediaType(file.MediaType) is not { } kind) continue;
                var path = $"{ExportPackage.AttachmentsFolder}/{sha}/{kind.DownloadName(name)}";
                var entry = zip.CreateEntry(path, kind.IsInlineImage ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                entry.LastWriteTime = file.CreatedAt;
                await using (var stream = entry.Open()) await files.CopyToAsync(sha, stream, cancellationToken);
                manifest.Attachments.Add(new ExportManifest.AttachmentEntry(sha, path, file.Length, file.MediaType));
            }
            await WriteTextAsync(zip, ContentCategoriesFile, CategoriesYaml(categories, names), exportedAt, cancellationToken);
            await WriteTextAsync(zip, ExportPackage.ManifestFileName, JsonSerializer.Serialize(manifest, Json) + "\n", exportedAt, cancellationToken);
        }
        return new ExportSummary(articles.Count, manifest.Attachments.Count, categories.Count, manifest.Attachments.Sum(a => a.Length));
    }

    private const string ContentCategoriesFile = Import.ContentImporter.CategoriesFileName;

    private static async Task WriteTextAsync(ZipArchive zip, string path, string text, DateTime modified, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        entry.LastWriteTime = new DateTimeOffset(DateTime.SpecifyKind(modified, DateTimeKind.Utc));
        await using var stream = entry.Open();
        await stream.WriteAsync(new UTF8Encoding(false).GetBytes(text), cancellationToken);
    }

    /// <summary>What to type to name this owner again on import: an account's e-mail, a team's name, an unclaimed name as it is.</summary>
    private static string? OwnerInput(IReadOnlyDictionary<string, OwnerEntry> names, string? ownerRef)
    {
        if (string.IsNullOrWhiteSpace(ownerRef)) return null;
        if (names.TryGetValue(ownerRef, out var entry)) return entry.InputName;
        return OwnerRef.Parse(ownerRef) is { Kind: OwnerKind.Unclaimed } unclaimed ? unclaimed.Key : ownerRef;
    }

    private static List<TicketCategory> WithParents(List<TicketCategory> all, IEnumerable<string> ids)
    {
        var byId = all.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            for (var c = byId.GetValueOrDefault(id); c is not null && wanted.Add(c.Id); c = c.ParentId is null ? null : byId.GetValueOrDefault(c.ParentId)) { }
        }
        return all.Where(c => wanted.Contains(c.Id)).ToList();
    }

    /// <summary>The categories as <see cref="CategoryFileParser"/> reads them: a tree in sort order, owners as people type them.</summary>
    private static string CategoriesYaml(IReadOnlyList<TicketCategory> categories, IReadOnlyDictionary<string, OwnerEntry> names)
    {
        var text = new StringBuilder("# Categories exported with the articles (id, name, owner, review interval, description, children).\n");
        // An empty list must still be a list, or the import reads "categories:" as a missing one.
        text.Append(categories.Count == 0 ? "categories: []\n" : "categories:\n");
        var ids = categories.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var children = categories.ToLookup(c => c.ParentId is not null && ids.Contains(c.ParentId) ? c.ParentId : null);
        Write(null, 1);
        return text.ToString();

        void Write(string? parent, int depth)
        {
            var indent = new string(' ', depth * 2 - 2);
            foreach (var c in children[parent].OrderBy(c => c.SortOrder).ThenBy(c => c.Id, StringComparer.Ordinal))
            {
                text.Append(indent).Append("  - id: ").Append(ArticleFileWriter.Quote(c.Id)).Append('\n');
                text.Append(indent).Append("    name: ").Append(ArticleFileWriter.Quote(c.Name)).Append('\n');
                text.Append(indent).Append("    owner: ").Append(ArticleFileWriter.Quote(OwnerInput(names, c.Owner) ?? c.Owner)).Append('\n');
                text.Append(indent).Append("    reviewIntervalDays: ").Append(c.ReviewIntervalDays.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
                if (c.Description.Length > 0) text.Append(indent).Append("    description: ").Append(ArticleFileWriter.Quote(c.Description)).Append('\n');
                if (children[c.Id].Any())
                {
                    text.Append(indent).Append("    children:\n");
                    Write(c.Id, depth + 2);
                }
            }
        }
    }
}
