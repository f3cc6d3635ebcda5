using KnowledgeBase.Core.Notifications;
using KnowledgeBase.Data.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class NotificationPreferenceEntityTypeConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> builder)
    {
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.Frequency).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.ChatFormat).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.ChatWebhookUrl).HasMaxLength(NotificationPreference.MaxChatUrlLength);
        builder.HasOne<KbUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
