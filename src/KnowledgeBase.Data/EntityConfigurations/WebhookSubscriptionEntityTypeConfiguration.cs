using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class WebhookSubscriptionEntityTypeConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Url).HasMaxLength(WebhookSubscription.MaxUrlLength);
        builder.Property(s => s.Events).HasMaxLength(500);
        builder.Property(s => s.Secret).HasMaxLength(100);
        builder.Property(s => s.Audience).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Client).HasMaxLength(2 * ClientNames.MaxLength);
        builder.Ignore(s => s.Reader);
        builder.Property(s => s.CreatedBy).HasMaxLength(256);
        builder.Ignore(s => s.EventList);
        builder.HasIndex(s => s.OwnerKeyId);
    }
}
