using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class SearchLogEntryEntityTypeConfiguration : IEntityTypeConfiguration<SearchLogEntry>
{
    public void Configure(EntityTypeBuilder<SearchLogEntry> builder)
    {
        builder.ToTable("SearchLog");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Query).HasMaxLength(SearchLogEntry.MaxQueryLength);
        builder.Property(s => s.NormalizedQuery).HasMaxLength(SearchLogEntry.MaxQueryLength);
        builder.Property(s => s.UserName).HasMaxLength(256);
        builder.Property(s => s.SessionId).HasMaxLength(128);
        builder.Property(s => s.Category).HasMaxLength(64);
        // The log outlives articles and categories: no foreign keys, ids are kept as they were.
        builder.Property(s => s.OpenedArticleId).HasMaxLength(ArticleId.MaxLength);
        builder.Property(s => s.LinkedArticleId).HasMaxLength(ArticleId.MaxLength);
        // One spelling everywhere (SearchSources.Wire); the migration gives rows logged before sources existed "site".
        builder.Property(s => s.Source).HasConversion(v => v.Wire(), v => Enum.Parse<SearchSource>(v, true))
            .HasMaxLength(SearchSources.MaxWireLength);
        builder.Property(s => s.TicketSystem).HasMaxLength(Ticket.MaxSystemLength);
        builder.Property(s => s.TicketInstance).HasMaxLength(Ticket.MaxInstanceLength);
        builder.Property(s => s.TicketId).HasMaxLength(Ticket.MaxExternalIdLength);
        builder.Property(s => s.ShownArticleIds).HasMaxLength(SearchLogEntry.MaxShownLength);
        builder.Ignore(s => s.Successful);
        builder.Ignore(s => s.Ticket);
        builder.HasIndex(s => s.OccurredAt);
        // "The session's latest search".
        builder.HasIndex(s => new { s.SessionId, s.Id });
        // "The ticket's searches": a link to the ticket answers them.
        builder.HasIndex(s => new { s.TicketSystem, s.TicketInstance, s.TicketId, s.Id });
        // Demand of the review queue: searches that hit an article lately.
        builder.HasIndex(s => new { s.OpenedArticleId, s.OccurredAt });
        builder.HasIndex(s => new { s.LinkedArticleId, s.OccurredAt });
    }
}
