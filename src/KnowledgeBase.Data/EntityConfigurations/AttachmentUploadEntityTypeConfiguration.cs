using KnowledgeBase.Core.Attachments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class AttachmentUploadEntityTypeConfiguration : IEntityTypeConfiguration<AttachmentUpload>
{
    public void Configure(EntityTypeBuilder<AttachmentUpload> builder)
    {
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Sha256).HasMaxLength(64);
        builder.Property(u => u.FileName).HasMaxLength(AttachmentUpload.MaxFileNameLength);
        builder.Property(u => u.UploadedBy).HasMaxLength(256);
        builder.HasIndex(u => new { u.Sha256, u.UploadedAt });
        // Restrict, not cascade: the orphan cleanup removes an attachment only after its old uploads, so an upload of the
        // same bytes committed meanwhile makes the removal fail instead of being removed with it.
        builder.HasOne<Attachment>().WithMany().HasForeignKey(u => u.Sha256).OnDelete(DeleteBehavior.Restrict);
    }
}
