using System.Security.Cryptography;
using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Attachments;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Attachments;

/// <summary>
/// Attachments in the database, so every node serves the same files (docs/attachments.md). Uploads stream through a
/// temporary file (hashed, measured and sniffed on the way) and into the database a piece at a time; reads stream the
/// pieces out. The same bytes are stored once. Who may fetch a file is the access policy's
/// (<see cref="AccessPolicy.MaySeeUnsavedAttachments"/>, <see cref="AccessPolicy.VisibleRevisions"/>).
/// </summary>
public sealed class AttachmentStore(IDbContextFactory<KnowledgeBaseDbContext> contextFactory, TimeProvider clock, AttachmentLimits? limits = null)
{
    public AttachmentLimits Limits { get; } = limits ?? AttachmentLimits.Default;

    /// <summary>
    /// Stores the bytes of <paramref name="content"/> (read to its end, never more than the per-file limit plus one
    /// buffer) under their hash, and records the upload. Throws <see cref="AttachmentRefusedException"/> for a file too
    /// large, empty or of a type not accepted; nothing is stored then.
    /// </summary>
    public async Task<StoredAttachment> StoreAsync(Stream content, string? fileName, string uploadedBy, CancellationToken cancellationToken = default)
    {
        var tempPath = Path.Combine(Path.GetTempPath(), "kb-upload-" + Guid.NewGuid().ToString("N"));
        await using var temp = new FileStream(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var sniffer = new FileSniffer();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (sniffer.Length + read > Limits.MaxFileBytes)
                throw new AttachmentRefusedException(AttachmentRefusal.TooLarge,
                    $"{NameOf(fileName)} is larger than {AttachmentLimits.Describe(Limits.MaxFileBytes)}, the most one file may be.");
            sniffer.Append(buffer.AsSpan(0, read));
            sha.AppendData(buffer, 0, read);
            await temp.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        if (sniffer.Length == 0) throw new AttachmentRefusedException(AttachmentRefusal.Empty, $"{NameOf(fileName)} is empty.");
        var kind = sniffer.Result()
            ?? throw new AttachmentRefusedException(AttachmentRefusal.RefusedType, $"{NameOf(fileName)} was not stored. {sniffer.RefusalReason()}");
        var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        var name = kind.DownloadName(fileName);
        var upload = new AttachmentUpload { Sha256 = hash, FileName = name, UploadedBy = uploadedBy, UploadedAt = clock.GetUtcNow().UtcDateTime };

        if (!await ExistsAsync(hash, cancellationToken))
        {
            try
            {
                temp.Position = 0;
                await InsertAsync(hash, sniffer.Length, kind, temp, upload, cancellationToken);
                return new StoredAttachment(hash, sniffer.Length, kind, name);
            }
            catch (DbUpdateException)
            {
                // The same bytes were stored by someone else meanwhile: theirs will do (anything else is rethrown).
                if (!await ExistsAsync(hash, CancellationToken.None)) throw;
            }
        }
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            db.AttachmentUploads.Add(new AttachmentUpload { Sha256 = hash, FileName = name, UploadedBy = uploadedBy, UploadedAt = upload.UploadedAt });
            await db.SaveChangesAsync(cancellationToken);
        }
        return new StoredAttachment(hash, sniffer.Length, kind, name);
    }

    private static string NameOf(string? fileName) => string.IsNullOrWhiteSpace(fileName) ? "The file" : $"“{Path.GetFileName(fileName)}”";

    /// <summary>Whether a file with these bytes is stored.</summary>
    public async Task<bool> ExistsAsync(string hash, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Attachments.AnyAsync(a => a.Sha256 == hash, cancellationToken);
    }

    /// <summary>The attachment row, its pieces and the upload in one transaction: a half-written file is never visible.</summary>
    private async Task InsertAsync(string hash, long length, FileKind kind, Stream bytes, AttachmentUpload upload, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var chunkCount = (int)((length + AttachmentChunk.Size - 1) / AttachmentChunk.Size);
        db.Attachments.Add(new Attachment { Sha256 = hash, Length = length, MediaType = kind.MediaType, ChunkCount = chunkCount, CreatedAt = upload.UploadedAt });
        db.AttachmentUploads.Add(upload);
        await db.SaveChangesAsync(cancellationToken);
        for (var index = 0; index < chunkCount; index++)
        {
            var data = new byte[(int)Math.Min(AttachmentChunk.Size, length - (long)index * AttachmentChunk.Size)];
            await bytes.ReadExactlyAsync(data, cancellationToken);
            db.AttachmentChunks.Add(new AttachmentChunk { Sha256 = hash, Index = index, Data = data });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The attachment if <paramref name="viewer"/> may fetch it, else null (missing and not allowed look the same). The
    /// name is the one asked for, made safe for the content (<see cref="FileKind.DownloadName"/>).
    /// </summary>
    public async Task<StoredAttachment?> FindVisibleAsync(string sha256, Viewer viewer, string? requestedName, CancellationToken cancellationToken = default)
    {
        if (!AttachmentLinks.IsSha256(sha256) || !viewer.IsSignedIn) return null;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Sha256 == sha256, cancellationToken);
        if (attachment is null || FileKind.OfMediaType(attachment.MediaType) is not { } kind) return null;
        if (!viewer.MaySeeUnsavedAttachments())
        {
            var visible = await VisibleReferences(db, viewer.Reader).AnyAsync(r => r.Sha256 == sha256, cancellationToken);
            if (!visible) return null;
        }
        return new StoredAttachment(sha256, attachment.Length, kind, kind.DownloadName(requestedName));
    }

    /// <summary>References from revisions the reader may see, of articles the reader may see.</summary>
    private static IQueryable<AttachmentReference> VisibleReferences(KnowledgeBaseDbContext db, Reader reader)
    {
        var articles = db.Articles.Where(AccessPolicy.VisibleArticles(reader));
        var revisions = db.ArticleRevisions.Where(AccessPolicy.VisibleRevisions(reader));
        return db.AttachmentReferences.Where(r =>
            articles.Any(a => a.Id == r.ArticleId) && revisions.Any(v => v.ArticleId == r.ArticleId && v.Version == r.Version));
    }

    /// <summary>Writes the attachment's bytes to <paramref name="destination"/>, one piece in memory at a time.</summary>
    public async Task CopyToAsync(string sha256, Stream destination, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var count = await db.Attachments.Where(a => a.Sha256 == sha256).Select(a => a.ChunkCount).FirstAsync(cancellationToken);
        // One piece per query: a reader holds one piece, and SQLite is not kept in a long read while the response is slow.
        for (var index = 0; index < count; index++)
        {
            var i = index;
            var data = await db.AttachmentChunks.Where(c => c.Sha256 == sha256 && c.Index == i).Select(c => c.Data).FirstAsync(cancellationToken);
            await destination.WriteAsync(data, cancellationToken);
        }
    }

    /// <summary>
    /// The attachments the article's current version links to, or null when the viewer may not see the article (as for
    /// a missing one). Names are the ones the Markdown links with.
    /// </summary>
    public async Task<IReadOnlyList<StoredAttachment>?> ListForArticleAsync(string articleId, Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var article = await db.Articles.AsNoTracking().Where(viewer.VisibleArticles()).Where(a => a.Id == articleId)
            .Select(a => new { a.Version, a.Body }).FirstOrDefaultAsync(cancellationToken);
        if (article is null) return null;
        var rows = await db.AttachmentReferences.Where(r => r.ArticleId == articleId && r.Version == article.Version)
            .Join(db.Attachments, r => r.Sha256, a => a.Sha256, (r, a) => a).AsNoTracking().ToListAsync(cancellationToken);
        var names = AttachmentLinks.NamesIn(article.Body);
        return rows.Where(a => FileKind.OfMediaType(a.MediaType) is not null)
            .Select(a =>
            {
                var kind = FileKind.OfMediaType(a.MediaType)!;
                return new StoredAttachment(a.Sha256, a.Length, kind, kind.DownloadName(names.GetValueOrDefault(a.Sha256)));
            })
            .OrderBy(a => a.FileName, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Removes attachments never saved into an article: no revision links to them, no open proposal mentions them, and
    /// their newest upload is older than <paramref name="age"/>. Returns how many were removed.
    /// </summary>
    public async Task<int> RemoveOrphansAsync(TimeSpan age, int batch = 100, CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - age;
        List<string> candidates;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            candidates = await db.Attachments
                .Where(a => a.CreatedAt <= cutoff
                    && !db.AttachmentReferences.Any(r => r.Sha256 == a.Sha256)
                    && !db.AttachmentUploads.Any(u => u.Sha256 == a.Sha256 && u.UploadedAt > cutoff)
                    && !db.ProposedRevisions.Any(p => p.Status == ProposalStatus.Open && p.Body.Contains(a.Sha256)))
                .OrderBy(a => a.CreatedAt).Select(a => a.Sha256).Take(batch).ToListAsync(cancellationToken);
        }
        var removed = 0;
        foreach (var hash in candidates)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                await db.AttachmentUploads.Where(u => u.Sha256 == hash && u.UploadedAt <= cutoff).ExecuteDeleteAsync(cancellationToken);
                await db.AttachmentChunks.Where(c => c.Sha256 == hash).ExecuteDeleteAsync(cancellationToken);
                // A save or an upload that committed since the candidates were read still holds it: the conditions are
                // checked again here, and the foreign keys refuse the removal of a row still referenced.
                var deleted = await db.Attachments.Where(a => a.Sha256 == hash
                        && !db.AttachmentReferences.Any(r => r.Sha256 == hash)
                        && !db.AttachmentUploads.Any(u => u.Sha256 == hash))
                    .ExecuteDeleteAsync(cancellationToken);
                if (deleted == 0)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    continue;
                }
                await transaction.CommitAsync(cancellationToken);
                removed++;
            }
            catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
            {
                // Referenced meanwhile: kept.
            }
        }
        return removed;
    }

    /// <summary>
    /// Records which attachments a new revision links to, in the revision's own transaction. Refuses a text that links
    /// to a file not stored here, or whose files together exceed the per-article limit.
    /// </summary>
    internal static async Task ReferenceAsync(KnowledgeBaseDbContext db, Article article, AttachmentLimits limits, CancellationToken cancellationToken)
    {
        var hashes = AttachmentLinks.In(article.Body);
        if (hashes.Count == 0) return;
        var stored = await db.Attachments.AsNoTracking().Where(a => hashes.Contains(a.Sha256))
            .Select(a => new { a.Sha256, a.Length }).ToListAsync(cancellationToken);
        var missing = hashes.Where(h => stored.All(s => s.Sha256 != h)).ToList();
        if (missing.Count > 0)
            throw new ArticleValidationException(new Dictionary<string, string>
            {
                ["body"] = $"The article links to {(missing.Count == 1 ? "a file that is" : $"{missing.Count} files that are")} not stored here ({AttachmentLinks.PathPrefix}{missing[0][..12]}…). Upload the file again and use the new link.",
            });
        var total = stored.Sum(s => s.Length);
        if (total > limits.MaxArticleBytes)
            throw new ArticleValidationException(new Dictionary<string, string>
            {
                ["body"] = $"The files this article links to total {AttachmentLimits.Describe(total)}; the limit is {AttachmentLimits.Describe(limits.MaxArticleBytes)} per article. Remove some of them.",
            });
        foreach (var hash in hashes)
            db.AttachmentReferences.Add(new AttachmentReference { ArticleId = article.Id, Version = article.Version, Sha256 = hash });
    }
}
