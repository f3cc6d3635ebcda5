using KnowledgeBase.Core.Psa;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class PsaInstanceEntityTypeConfiguration : IEntityTypeConfiguration<PsaInstance>
{
    public void Configure(EntityTypeBuilder<PsaInstance> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Slug).HasMaxLength(PsaInstance.MaxSlugLength);
        builder.Property(i => i.System).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.TicketInstance).HasMaxLength(Core.Tickets.Ticket.MaxInstanceLength);
        builder.Property(i => i.DisplayName).HasMaxLength(100);
        builder.Property(i => i.FrameOrigins).HasMaxLength(PsaInstance.MaxOriginsLength);
        builder.Property(i => i.EmbedSecret).HasMaxLength(PsaInstance.MaxSecretLength);
        builder.Property(i => i.UnmappedMembers).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.ReceiverSecret).HasMaxLength(PsaInstance.MaxSecretLength);
        builder.Property(i => i.ReceiverUserName).HasMaxLength(200);
        builder.Property(i => i.ApiBaseUrl).HasMaxLength(PsaInstance.MaxUrlLength);
        builder.Property(i => i.ApiCredentials).HasMaxLength(4000);
        builder.Property(i => i.ClosedStatuses).HasMaxLength(200);
        builder.Property(i => i.CreatedBy).HasMaxLength(256);
        builder.Ignore(i => i.FrameOriginList);
        builder.Ignore(i => i.ClosedStatusList);
        builder.Ignore(i => i.HasApi);
        // The slug is the instance's address; one ticket source (system, instance) has one setup.
        builder.HasIndex(i => i.Slug).IsUnique();
        builder.HasIndex(i => new { i.System, i.TicketInstance }).IsUnique();
    }
}
