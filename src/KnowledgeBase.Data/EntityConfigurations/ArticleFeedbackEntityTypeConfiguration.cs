using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class ArticleFeedbackEntityTypeConfiguration : IEntityTypeConfiguration<ArticleFeedback>
{
    public void Configure(EntityTypeBuilder<ArticleFeedback> builder)
    {
        builder.ToTable("ArticleFeedback");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.ArticleId).HasMaxLength(ArticleId.MaxLength);
        builder.Property(f => f.Comment).HasMaxLength(ArticleFlag.MaxCommentLength);
        builder.Property(f => f.GivenBy).HasMaxLength(256);
        builder.HasIndex(f => new { f.ArticleId, f.GivenAt });
        builder.HasOne<Article>().WithMany().HasForeignKey(f => f.ArticleId).OnDelete(DeleteBehavior.Restrict);
    }
}
