using KnowledgeBase.Core.Notifications;
using KnowledgeBase.Data.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class NotificationEntityTypeConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.HasKey(n => n.Id);
        builder.HasOne<KbUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(n => n.ArticleId).HasMaxLength(Core.Articles.ArticleId.MaxLength);
        builder.Property(n => n.ArticleTitle).HasMaxLength(300);
        builder.Property(n => n.Actor).HasMaxLength(256);
        builder.Property(n => n.Detail).HasMaxLength(Notification.MaxTextLength);
        builder.Property(n => n.DedupeKey).HasMaxLength(200);
        builder.Property(n => n.Outcome).HasMaxLength(300);
        // A weekly digest is made once per person and week, whichever node makes it.
        builder.HasIndex(n => n.DedupeKey).IsUnique();
        builder.HasIndex(n => new { n.ComposedAt, n.UserId });
        builder.HasIndex(n => new { n.UserId, n.Id });
    }
}
