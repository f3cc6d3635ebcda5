using KnowledgeBase.Core.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class WebhookAttemptEntityTypeConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.EventId).HasMaxLength(64);
        builder.Property(a => a.EventType).HasMaxLength(64);
        builder.Property(a => a.Error).HasMaxLength(1000);
        builder.HasIndex(a => new { a.SubscriptionId, a.Id });
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(a => a.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}
