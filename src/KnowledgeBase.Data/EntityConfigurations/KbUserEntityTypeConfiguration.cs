using KnowledgeBase.Data.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class KbUserEntityTypeConfiguration : IEntityTypeConfiguration<KbUser>
{
    public void Configure(EntityTypeBuilder<KbUser> builder)
    {
        builder.Property(u => u.Role).HasConversion<string>().HasMaxLength(30);
        builder.Property(u => u.Audience).HasConversion<string>().HasMaxLength(20);
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.Property(u => u.Client).HasMaxLength(Core.Articles.ClientNames.MaxLength);
        builder.Property(u => u.DisabledBy).HasMaxLength(256);
        builder.Ignore(u => u.IsDisabled);
    }
}
