using KnowledgeBase.Core.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class ArticleClientEntityTypeConfiguration : IEntityTypeConfiguration<ArticleClient>
{
    public void Configure(EntityTypeBuilder<ArticleClient> builder)
    {
        builder.HasKey(c => new { c.ArticleId, c.Key });
        // Keys are lower-cased display names: the invariant lower case of a name is never longer than twice the name.
        builder.Property(c => c.Key).HasMaxLength(2 * ClientNames.MaxLength);
        builder.Property(c => c.Name).HasMaxLength(ClientNames.MaxLength);
        // "Articles of client X" (the access filter, the editor's known clients).
        builder.HasIndex(c => c.Key);
    }
}
