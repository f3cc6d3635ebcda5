using KnowledgeBase.Core.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class ArticleRevisionEntityTypeConfiguration : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.ArticleId).HasMaxLength(ArticleId.MaxLength);
        builder.Property(r => r.Title).HasMaxLength(300);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Audience).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.AuthorRole).HasConversion<string>().HasMaxLength(30);
        builder.Property(r => r.Author).HasMaxLength(256);
        builder.Property(r => r.ChangeNote).HasMaxLength(2000);
        builder.Property(r => r.ProposedBy).HasMaxLength(256);
        // One revision per version: a second writer of the same version fails here even if it slipped past the token.
        builder.HasIndex(r => new { r.ArticleId, r.Version }).IsUnique();
        builder.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Restrict);
    }
}
