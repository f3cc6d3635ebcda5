using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Audit;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Cluster;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Data;

/// <summary>
/// The one model for both providers. Each provider has a thin subclass (<see cref="SqliteKnowledgeBaseDbContext"/>,
/// <see cref="PostgresKnowledgeBaseDbContext"/>) so each keeps its own migrations.
/// </summary>
public abstract class KnowledgeBaseDbContext(DbContextOptions options) : IdentityDbContext<KbUser>(options), IDataProtectionKeyContext
{
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();
    public DbSet<ProposedRevision> ProposedRevisions => Set<ProposedRevision>();
    public DbSet<ArticleCategory> ArticleCategories => Set<ArticleCategory>();
    public DbSet<ArticleTag> ArticleTags => Set<ArticleTag>();
    public DbSet<ArticleClient> ArticleClients => Set<ArticleClient>();
    public DbSet<TicketCategory> Categories => Set<TicketCategory>();
    /// <summary>Named groups of users that own categories and articles.</summary>
    public DbSet<Core.Owners.Team> Teams => Set<Core.Owners.Team>();
    public DbSet<Core.Owners.TeamMember> TeamMembers => Set<Core.Owners.TeamMember>();
    /// <summary>Settings an Admin changes on a page, shared by every node (e.g. who triages unowned articles).</summary>
    public DbSet<Settings.SiteSetting> SiteSettings => Set<Settings.SiteSetting>();
    public DbSet<ChangeLogEntry> ChangeLog => Set<ChangeLogEntry>();
    public DbSet<AuditEntry> AuditTrail => Set<AuditEntry>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketLink> TicketLinks => Set<TicketLink>();
    public DbSet<ArticleFlag> ArticleFlags => Set<ArticleFlag>();
    public DbSet<ArticleFeedback> ArticleFeedback => Set<ArticleFeedback>();
    public DbSet<SearchLogEntry> SearchLog => Set<SearchLogEntry>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<ApiCursor> ApiCursors => Set<ApiCursor>();
    /// <summary>Which node does which singleton background work (<see cref="Cluster.LeaseStore"/>).</summary>
    public DbSet<Lease> Leases => Set<Lease>();
    /// <summary>Vectors of article texts by model and text hash (the semantic step), never computed twice.</summary>
    public DbSet<Core.Semantic.TextEmbedding> TextEmbeddings => Set<Core.Semantic.TextEmbedding>();
    /// <summary>Each article's embedding queue entry and vector, per model.</summary>
    public DbSet<Core.Semantic.ArticleEmbedding> ArticleEmbeddings => Set<Core.Semantic.ArticleEmbedding>();
    /// <summary>PSAs an Admin connected: panel, event receivers, write-back (docs/psa.md).</summary>
    public DbSet<Core.Psa.PsaInstance> PsaInstances => Set<Core.Psa.PsaInstance>();
    public DbSet<Core.Psa.PsaCategoryMapping> PsaCategoryMappings => Set<Core.Psa.PsaCategoryMapping>();
    public DbSet<Core.Psa.PsaMemberMapping> PsaMemberMappings => Set<Core.Psa.PsaMemberMapping>();
    public DbSet<Core.Psa.PsaEventReceipt> PsaEventReceipts => Set<Core.Psa.PsaEventReceipt>();
    public DbSet<Core.Psa.PsaNonce> PsaNonces => Set<Core.Psa.PsaNonce>();
    /// <summary>The write-back outbox: notes to post to PSA tickets.</summary>
    public DbSet<Core.Psa.PsaWriteBack> PsaWriteBacks => Set<Core.Psa.PsaWriteBack>();
    /// <summary>Files by the SHA-256 of their bytes (docs/attachments.md), their pieces, who uploaded them and which revisions link to them.</summary>
    public DbSet<Core.Attachments.Attachment> Attachments => Set<Core.Attachments.Attachment>();
    public DbSet<Core.Attachments.AttachmentChunk> AttachmentChunks => Set<Core.Attachments.AttachmentChunk>();
    public DbSet<Core.Attachments.AttachmentUpload> AttachmentUploads => Set<Core.Attachments.AttachmentUpload>();
    public DbSet<Core.Attachments.AttachmentReference> AttachmentReferences => Set<Core.Attachments.AttachmentReference>();
    /// <summary>Notifications (docs/notifications.md): what each person should hear about, the messages to send (the outbox), preferences.</summary>
    public DbSet<Core.Notifications.Notification> Notifications => Set<Core.Notifications.Notification>();
    public DbSet<Core.Notifications.NotificationMessage> NotificationMessages => Set<Core.Notifications.NotificationMessage>();
    public DbSet<Core.Notifications.NotificationPreference> NotificationPreferences => Set<Core.Notifications.NotificationPreference>();
    /// <summary>Data-protection keys live in the database so every node can read every other node's cookies.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(KnowledgeBaseDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // UTC everywhere: PostgreSQL's timestamptz rejects other kinds, and SQLite hands back Unspecified otherwise.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAppendOnly();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardAppendOnly();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Revisions and the change log are history: they are added, never changed or removed.</summary>
    private void GuardAppendOnly()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted && entry.Entity is ArticleRevision or ChangeLogEntry or AuditEntry)
                throw new InvalidOperationException($"{entry.Entity.GetType().Name} rows are append-only and cannot be {entry.State.ToString().ToLowerInvariant()}.");
        }
    }
}
