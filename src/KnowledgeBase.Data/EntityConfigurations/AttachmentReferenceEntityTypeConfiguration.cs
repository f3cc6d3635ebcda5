using KnowledgeBase.Core.Attachments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class AttachmentReferenceEntityTypeConfiguration : IEntityTypeConfiguration<AttachmentReference>
{
    public void Configure(EntityTypeBuilder<AttachmentReference> builder)
    {
        builder.HasKey(r => new { r.ArticleId, r.Version, r.Sha256 });
        builder.Property(r => r.ArticleId).HasMaxLength(Core.Articles.ArticleId.MaxLength);
        builder.Property(r => r.Sha256).HasMaxLength(64);
        builder.HasIndex(r => r.Sha256);
        // A referenced attachment cannot be removed: the database refuses, whatever the cleanup believed.
        builder.HasOne<Attachment>().WithMany().HasForeignKey(r => r.Sha256).OnDelete(DeleteBehavior.Restrict);
    }
}
