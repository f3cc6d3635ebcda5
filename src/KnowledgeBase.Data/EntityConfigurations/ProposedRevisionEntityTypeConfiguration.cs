using KnowledgeBase.Core.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class ProposedRevisionEntityTypeConfiguration : IEntityTypeConfiguration<ProposedRevision>
{
    public void Configure(EntityTypeBuilder<ProposedRevision> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.ArticleId).HasMaxLength(ArticleId.MaxLength);
        builder.Property(r => r.Title).HasMaxLength(300);
        builder.Property(r => r.AuthorRole).HasConversion<string>().HasMaxLength(30);
        // Decided once: the update that closes a proposal requires it still open, so a second decider gets a conflict.
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
        builder.Property(r => r.Author).HasMaxLength(256);
        builder.Property(r => r.DecidedBy).HasMaxLength(256);
        builder.Property(r => r.ChangeNote).HasMaxLength(2000);
        builder.Property(r => r.DecisionNote).HasMaxLength(2000);
        builder.HasIndex(r => new { r.ArticleId, r.Status });
        // "My proposals".
        builder.HasIndex(r => r.Author);
        builder.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Restrict);
    }
}
