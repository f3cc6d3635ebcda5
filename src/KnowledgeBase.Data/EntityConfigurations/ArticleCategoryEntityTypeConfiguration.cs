using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Categories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class ArticleCategoryEntityTypeConfiguration : IEntityTypeConfiguration<ArticleCategory>
{
    public void Configure(EntityTypeBuilder<ArticleCategory> builder)
    {
        builder.HasKey(c => new { c.ArticleId, c.CategoryId });
        builder.Property(c => c.CategoryId).HasMaxLength(64);
        builder.HasOne<TicketCategory>().WithMany().HasForeignKey(c => c.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.CategoryId);
    }
}
