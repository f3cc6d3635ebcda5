using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class TicketEntityTypeConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.System).HasMaxLength(Ticket.MaxSystemLength);
        builder.Property(t => t.Instance).HasMaxLength(Ticket.MaxInstanceLength);
        builder.Property(t => t.ExternalId).HasMaxLength(Ticket.MaxExternalIdLength);
        builder.Property(t => t.Subject).HasMaxLength(Ticket.MaxSubjectLength);
        builder.Property(t => t.Description).HasMaxLength(Ticket.MaxDescriptionLength);
        builder.Property(t => t.CategoryId).HasMaxLength(64);
        builder.Property(t => t.Client).HasMaxLength(Ticket.MaxNameLength);
        builder.Property(t => t.Technician).HasMaxLength(Ticket.MaxNameLength);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(t => t.Key);
        // The PSA's natural key: an upsert finds the ticket by it, and two PSAs never collide.
        builder.HasIndex(t => new { t.System, t.Instance, t.ExternalId }).IsUnique();
        // Every report starts from "closed in [from, to)".
        builder.HasIndex(t => new { t.Status, t.ClosedAt });
        builder.HasIndex(t => t.CategoryId);
        // A category may be deleted without losing its tickets' history; they fall under "(none)".
        builder.HasOne<TicketCategory>().WithMany().HasForeignKey(t => t.CategoryId).OnDelete(DeleteBehavior.SetNull);
    }
}
