using KnowledgeBase.Core.Attachments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class AttachmentChunkEntityTypeConfiguration : IEntityTypeConfiguration<AttachmentChunk>
{
    public void Configure(EntityTypeBuilder<AttachmentChunk> builder)
    {
        builder.HasKey(c => new { c.Sha256, c.Index });
        builder.Property(c => c.Sha256).HasMaxLength(64);
        builder.Property(c => c.Data).IsRequired();
        // The pieces go with their attachment, and only with it.
        builder.HasOne<Attachment>().WithMany().HasForeignKey(c => c.Sha256).OnDelete(DeleteBehavior.Cascade);
    }
}
