using KnowledgeBase.Core.Attachments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class AttachmentEntityTypeConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.HasKey(a => a.Sha256);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.Property(a => a.MediaType).HasMaxLength(100);
        builder.HasIndex(a => a.CreatedAt);
    }
}
