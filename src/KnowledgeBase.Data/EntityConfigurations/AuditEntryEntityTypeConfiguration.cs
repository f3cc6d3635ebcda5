using KnowledgeBase.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class AuditEntryEntityTypeConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditTrail");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Actor).HasMaxLength(AuditEntry.MaxActorLength);
        builder.Property(a => a.Action).HasMaxLength(AuditEntry.MaxActionLength);
        builder.Property(a => a.Target).HasMaxLength(AuditEntry.MaxTargetLength);
        builder.Property(a => a.Details).HasMaxLength(AuditEntry.MaxDetailsLength);
        builder.Property(a => a.RemoteAddress).HasMaxLength(AuditEntry.MaxRemoteAddressLength);
        builder.HasIndex(a => a.OccurredAt);
        builder.HasIndex(a => new { a.Action, a.OccurredAt });
        builder.HasIndex(a => a.Actor);
    }
}
