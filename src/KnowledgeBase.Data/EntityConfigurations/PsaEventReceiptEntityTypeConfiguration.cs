using KnowledgeBase.Core.Psa;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class PsaEventReceiptEntityTypeConfiguration : IEntityTypeConfiguration<PsaEventReceipt>
{
    public void Configure(EntityTypeBuilder<PsaEventReceipt> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Digest).HasMaxLength(64);
        builder.Property(r => r.TicketId).HasMaxLength(Core.Tickets.Ticket.MaxExternalIdLength);
        builder.Property(r => r.Outcome).HasMaxLength(40);
        // The same delivery is applied once: a retry or a replay finds its receipt.
        builder.HasIndex(r => new { r.InstanceId, r.Digest }).IsUnique();
        // The newest event applied to a ticket, for refusing older ones that arrive late.
        builder.HasIndex(r => new { r.InstanceId, r.TicketId, r.EventAt });
        builder.HasIndex(r => r.ReceivedAt);
        builder.HasOne<PsaInstance>().WithMany().HasForeignKey(r => r.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
