using KnowledgeBase.Core.Semantic;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class TextEmbeddingEntityTypeConfiguration : IEntityTypeConfiguration<TextEmbedding>
{
    public void Configure(EntityTypeBuilder<TextEmbedding> builder)
    {
        builder.HasKey(e => new { e.Model, e.ContentHash });
        builder.Property(e => e.Model).HasMaxLength(100);
        builder.Property(e => e.ContentHash).HasMaxLength(64);
        builder.Property(e => e.Vector).IsRequired();
    }
}
