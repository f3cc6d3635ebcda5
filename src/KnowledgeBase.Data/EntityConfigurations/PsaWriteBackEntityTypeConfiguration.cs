using KnowledgeBase.Core.Psa;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class PsaWriteBackEntityTypeConfiguration : IEntityTypeConfiguration<PsaWriteBack>
{
    public void Configure(EntityTypeBuilder<PsaWriteBack> builder)
    {
        builder.HasKey(w => w.Id);
        builder.Property(w => w.TicketId).HasMaxLength(Core.Tickets.Ticket.MaxExternalIdLength);
        builder.Property(w => w.ArticleId).HasMaxLength(Core.Articles.ArticleId.MaxLength);
        builder.Property(w => w.ArticleTitle).HasMaxLength(300);
        builder.Property(w => w.LinkedBy).HasMaxLength(256);
        builder.Property(w => w.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(w => w.LastError).HasMaxLength(1000);
        builder.Property(w => w.RemoteId).HasMaxLength(100);
        builder.Property(w => w.ClaimedBy).HasMaxLength(200);
        // One note per resolved link, however often the link is saved.
        builder.HasIndex(w => new { w.InstanceId, w.LinkId }).IsUnique();
        builder.HasIndex(w => new { w.Status, w.NextAttemptAt });
        builder.HasOne<PsaInstance>().WithMany().HasForeignKey(w => w.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
