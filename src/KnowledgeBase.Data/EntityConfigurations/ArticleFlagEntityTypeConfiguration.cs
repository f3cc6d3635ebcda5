using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class ArticleFlagEntityTypeConfiguration : IEntityTypeConfiguration<ArticleFlag>
{
    public void Configure(EntityTypeBuilder<ArticleFlag> builder)
    {
        builder.HasKey(f => f.Id);
        builder.Property(f => f.ArticleId).HasMaxLength(ArticleId.MaxLength);
        builder.Property(f => f.Reason).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Comment).HasMaxLength(ArticleFlag.MaxCommentLength);
        builder.Property(f => f.RaisedBy).HasMaxLength(256);
        builder.Property(f => f.ResolvedBy).HasMaxLength(256);
        builder.Property(f => f.Resolution).HasMaxLength(ArticleFlag.MaxCommentLength);
        builder.Ignore(f => f.IsOpen);
        builder.HasIndex(f => new { f.ArticleId, f.ResolvedAt });
        builder.HasOne<Article>().WithMany().HasForeignKey(f => f.ArticleId).OnDelete(DeleteBehavior.Restrict);
    }
}
