using System.Security.Cryptography;
using System.Text;
using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Attachments;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Attachments;
using KnowledgeBase.Testing;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data.Tests;

/// <summary>Attachments on both databases: stored once by content, streamed back exactly, limited, typed by content, visible by revision, orphans cleaned.</summary>
public abstract class AttachmentStoreTests : StorageTestBase
{
    private static readonly Actor Expert = new("kim", KcsRole.KnowledgeDomainExpert);
    private static readonly Viewer InternalReader = Viewer.Internal(KcsRole.Candidate);
    private static readonly Viewer CustomerReader = Viewer.Customer(KcsRole.Candidate);

    private AttachmentStore Files => new(Database.Factory, Clock, new AttachmentLimits(MaxFileBytes: 1_000_000, MaxArticleBytes: 1_500_000));

    /// <summary>A PNG signature followed by <paramref name="length"/> bytes of noise: more than one stored piece when long.</summary>
    internal static byte[] Png(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        return bytes;
    }

    private async Task<StoredAttachment> UploadAsync(byte[] bytes, string name = "shot.png") =>
        await Files.StoreAsync(new MemoryStream(bytes), name, "kim");

    private async Task<byte[]> ReadAsync(string sha)
    {
        using var output = new MemoryStream();
        await Files.CopyToAsync(sha, output);
        return output.ToArray();
    }

    private static ArticleEdit Edit(string body, KcsState state = KcsState.NotValidated, Audience audience = Audience.Internal) => new()
    {
        Title = "Outlook asks for the password", Body = "## Issue\nOutlook prompts.\n\n" + body, State = state, Audience = audience,
    };

    [Fact]
    public async Task The_same_bytes_uploaded_twice_are_stored_once_in_pieces_and_read_back_exactly()
    {
        var bytes = Png(600_000);
        var first = await UploadAsync(bytes, "error dialog.png");
        var second = await UploadAsync(bytes, "copy.png");

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), first.Sha256);
        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Equal(FileKind.Png, first.Kind);
        Assert.Equal("error dialog.png", first.FileName);
        Assert.Equal(bytes, await ReadAsync(first.Sha256));
        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(1, await db.Attachments.CountAsync());
        Assert.Equal(3, await db.AttachmentChunks.CountAsync());
        Assert.True(await db.AttachmentChunks.AllAsync(c => c.Data.Length <= AttachmentChunk.Size));
        Assert.Equal(2, await db.AttachmentUploads.CountAsync());
    }

    [Fact]
    public async Task A_file_over_the_per_file_limit_is_refused_with_the_limit_and_nothing_is_stored()
    {
        var refused = await Assert.ThrowsAsync<AttachmentRefusedException>(() => UploadAsync(Png(1_000_001), "huge.png"));

        Assert.Equal(AttachmentRefusal.TooLarge, refused.Refusal);
        Assert.Contains("“huge.png” is larger than 976.6 KB", refused.Message);
        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(0, await db.Attachments.CountAsync());
        Assert.Equal(0, await db.AttachmentUploads.CountAsync());
    }

    [Fact]
    public async Task The_type_comes_from_the_bytes_not_the_name()
    {
        var page = await UploadAsync(Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "photo.png");
        Assert.Equal(FileKind.Text, page.Kind);
        Assert.Equal("photo.png.txt", page.FileName);

        var exe = await Assert.ThrowsAsync<AttachmentRefusedException>(() => UploadAsync([(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0], "notes.txt"));
        Assert.Equal(AttachmentRefusal.RefusedType, exe.Refusal);
        Assert.Contains("Windows executables", exe.Message);
    }

    [Fact]
    public async Task A_customer_fetches_a_file_only_through_a_validated_customer_revision_of_an_article_it_may_see()
    {
        var shot = await UploadAsync(Png(2_000));
        var draftOnly = await UploadAsync(Png(2_000, seed: 2), "internal-only.png");
        var article = await Store.CreateAsync(Expert, "kb-1", Edit($"{shot.Markdown}\n{draftOnly.Markdown}"));

        Assert.NotNull(await Files.FindVisibleAsync(shot.Sha256, InternalReader, "x.png"));
        Assert.Null(await Files.FindVisibleAsync(shot.Sha256, CustomerReader, "x.png"));
        Assert.Null(await Files.FindVisibleAsync(shot.Sha256, Viewer.Anonymous, "x.png"));
        Assert.Null(await Files.ListForArticleAsync("kb-1", CustomerReader));

        // Published to customers without the internal screenshot: only the published version's file is theirs.
        await Store.UpdateAsync(Expert, "kb-1", article.Version, Edit(shot.Markdown, KcsState.Validated, Audience.Customer));
        Assert.NotNull(await Files.FindVisibleAsync(shot.Sha256, CustomerReader, "x.png"));
        Assert.Null(await Files.FindVisibleAsync(draftOnly.Sha256, CustomerReader, "x.png"));
        Assert.NotNull(await Files.FindVisibleAsync(draftOnly.Sha256, InternalReader, "x.png"));
        var listed = Assert.Single((await Files.ListForArticleAsync("kb-1", CustomerReader))!);
        Assert.Equal((shot.Sha256, "shot.png"), (listed.Sha256, listed.FileName));
    }

    [Fact]
    public async Task An_upload_never_saved_into_an_article_is_visible_to_internal_accounts_only()
    {
        var shot = await UploadAsync(Png(2_000));

        Assert.NotNull(await Files.FindVisibleAsync(shot.Sha256, InternalReader, null));
        Assert.Null(await Files.FindVisibleAsync(shot.Sha256, CustomerReader, null));
    }

    [Fact]
    public async Task Orphans_go_after_a_day_while_files_a_revision_or_an_open_proposal_links_to_stay()
    {
        var saved = await UploadAsync(Png(300_000, seed: 1));
        var orphan = await UploadAsync(Png(300_000, seed: 2));
        var proposed = await UploadAsync(Png(2_000, seed: 3));
        var article = await Store.CreateAsync(Expert, "kb-1", Edit(saved.Markdown, KcsState.Validated));
        // A Candidate's edit of a Validated article is a proposal: its file is kept until the proposal is decided.
        var outcome = await Store.UpdateAsync(new Actor("cleo", KcsRole.Candidate), "kb-1", article.Version, Edit(saved.Markdown + "\n" + proposed.Markdown, KcsState.Validated));
        Assert.NotNull(outcome.Proposal);
        // Later edits drop the link: the file stays, because version 1 still links to it.
        await Store.UpdateAsync(Expert, "kb-1", article.Version, Edit("No pictures any more.", KcsState.Validated));

        Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await Files.RemoveOrphansAsync(TimeSpan.FromDays(1)));
        Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await Files.RemoveOrphansAsync(TimeSpan.FromDays(1)));

        await using var db = Database.Factory.CreateDbContext();
        var kept = await db.Attachments.Select(a => a.Sha256).ToListAsync();
        Assert.Equal(new[] { proposed.Sha256, saved.Sha256 }.Order(StringComparer.Ordinal), kept.Order(StringComparer.Ordinal));
        Assert.False(await db.AttachmentChunks.AnyAsync(c => c.Sha256 == orphan.Sha256));
        Assert.Equal(Png(300_000, seed: 1), await ReadAsync(saved.Sha256));
    }

    [Fact]
    public async Task An_orphan_uploaded_again_within_the_day_is_kept()
    {
        var shot = await UploadAsync(Png(2_000));
        Clock.Advance(TimeSpan.FromHours(20));
        await UploadAsync(Png(2_000), "again.png");
        Clock.Advance(TimeSpan.FromHours(6));

        Assert.Equal(0, await Files.RemoveOrphansAsync(TimeSpan.FromDays(1)));
        Assert.Equal(Png(2_000), await ReadAsync(shot.Sha256));
    }

    [Fact]
    public async Task A_save_over_the_per_article_limit_or_linking_a_file_not_stored_is_refused_with_the_reason()
    {
        var store = new ArticleStore(Database.Factory, Clock, attachmentLimits: Files.Limits);
        var a = await UploadAsync(Png(900_000, seed: 1));
        var b = await UploadAsync(Png(900_000, seed: 2));

        var tooMuch = await Assert.ThrowsAsync<ArticleValidationException>(() => store.CreateAsync(Expert, "kb-1", Edit(a.Markdown + "\n" + b.Markdown)));
        Assert.Equal("The files this article links to total 1.7 MB; the limit is 1.4 MB per article. Remove some of them.", tooMuch.Errors["body"]);

        var missing = await Assert.ThrowsAsync<ArticleValidationException>(() => store.CreateAsync(Expert, "kb-2", Edit($"![x](/attachments/{new string('a', 64)}/x.png)")));
        Assert.StartsWith("The article links to a file that is not stored here", missing.Errors["body"]);

        await using var db = Database.Factory.CreateDbContext();
        Assert.Equal(0, await db.Articles.CountAsync());
        Assert.Equal(0, await db.AttachmentReferences.CountAsync());
    }
}

public sealed class SqliteAttachmentStoreTests : AttachmentStoreTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(KnowledgeBase.Testing.PostgresCollection.Name)]
public sealed class PostgresAttachmentStoreTests(PostgresServerFixture postgres) : AttachmentStoreTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
