using KnowledgeBase.Core.Notifications;
using KnowledgeBase.Data.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class NotificationMessageEntityTypeConfiguration : IEntityTypeConfiguration<NotificationMessage>
{
    public void Configure(EntityTypeBuilder<NotificationMessage> builder)
    {
        builder.HasKey(m => m.Id);
        builder.HasOne<KbUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(m => m.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.ChatFormat).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Destination).HasMaxLength(NotificationMessage.MaxDestinationLength);
        builder.Property(m => m.Subject).HasMaxLength(NotificationMessage.MaxSubjectLength);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.Property(m => m.ClaimedBy).HasMaxLength(200);
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        builder.HasIndex(m => m.UserId);
    }
}
