using KnowledgeBase.Core.Semantic;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class ArticleEmbeddingEntityTypeConfiguration : IEntityTypeConfiguration<ArticleEmbedding>
{
    public void Configure(EntityTypeBuilder<ArticleEmbedding> builder)
    {
        builder.HasKey(e => new { e.ArticleId, e.Model });
        builder.Property(e => e.ArticleId).HasMaxLength(Core.Articles.ArticleId.MaxLength);
        builder.Property(e => e.Model).HasMaxLength(100);
        builder.Property(e => e.ContentHash).HasMaxLength(64);
        builder.Property(e => e.SymptomsHash).HasMaxLength(64);
        builder.Property(e => e.LastError).HasMaxLength(500);
        // The queue (waiting rows, oldest first) and every node's catch-up (rows embedded since a time).
        builder.HasIndex(e => new { e.Model, e.EmbeddedAt });
    }
}
