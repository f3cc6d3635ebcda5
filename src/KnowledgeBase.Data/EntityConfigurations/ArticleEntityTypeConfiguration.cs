using KnowledgeBase.Core.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class ArticleEntityTypeConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(ArticleId.MaxLength);
        builder.Property(a => a.Title).HasMaxLength(300).IsRequired();
        builder.Property(a => a.Body).IsRequired();
        builder.Property(a => a.Html).IsRequired();
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Audience).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.LastAuthorRole).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.Owner).HasMaxLength(Core.Owners.OwnerRef.MaxLength);
        builder.Property(a => a.CreatedBy).HasMaxLength(256);
        builder.Property(a => a.UpdatedBy).HasMaxLength(256);
        builder.Property(a => a.LastReviewedBy).HasMaxLength(256);
        builder.Property(a => a.ContentHash).HasMaxLength(64);
        builder.Property(a => a.SourcePath).HasMaxLength(1024);
        // Saving over a newer version fails instead of overwriting it.
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Ignore(a => a.Sections);
        builder.Ignore(a => a.PrimaryCategoryId);
        builder.Ignore(a => a.CategoryIds);
        builder.Ignore(a => a.TagNames);
        builder.Ignore(a => a.ClientNames);
        builder.Ignore(a => a.ClientKeys);
        builder.Ignore(a => a.ClientScope);
        builder.HasMany(a => a.Categories).WithOne().HasForeignKey(c => c.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Tags).WithOne().HasForeignKey(t => t.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Clients).WithOne().HasForeignKey(c => c.ArticleId).OnDelete(DeleteBehavior.Cascade);
        // Who may see an article depends on its clients (AccessPolicy.MaySee): every load of an article brings them, so
        // no read path can judge an article whose clients it forgot to include (an empty list reads as "every client").
        builder.Navigation(a => a.Clients).AutoInclude();
        builder.HasIndex(a => a.UpdatedAt);
        builder.HasIndex(a => a.State);
        // Finds HTML rendered by an older Markdown pipeline without reading every article.
        builder.HasIndex(a => a.HtmlVersion);
        // "Mine" and the unclaimed owners' list look articles up by their explicit owner.
        builder.HasIndex(a => a.Owner);
    }
}
