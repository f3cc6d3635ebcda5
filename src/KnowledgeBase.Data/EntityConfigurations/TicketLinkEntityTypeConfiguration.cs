using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class TicketLinkEntityTypeConfiguration : IEntityTypeConfiguration<TicketLink>
{
    public void Configure(EntityTypeBuilder<TicketLink> builder)
    {
        builder.HasKey(l => l.Id);
        builder.Property(l => l.ArticleId).HasMaxLength(ArticleId.MaxLength);
        builder.Property(l => l.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.LinkedBy).HasMaxLength(256);
        builder.Property(l => l.RemovedBy).HasMaxLength(256);
        builder.Ignore(l => l.IsRemoved);
        // One link per pair; it also serves the per-ticket EXISTS of every reuse report.
        builder.HasIndex(l => new { l.TicketId, l.ArticleId }).IsUnique();
        // Per-article reuse, last link and effectiveness window.
        builder.HasIndex(l => new { l.ArticleId, l.LinkedAt });
        builder.HasOne<Ticket>().WithMany().HasForeignKey(l => l.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Article>().WithMany().HasForeignKey(l => l.ArticleId).OnDelete(DeleteBehavior.Restrict);
    }
}
