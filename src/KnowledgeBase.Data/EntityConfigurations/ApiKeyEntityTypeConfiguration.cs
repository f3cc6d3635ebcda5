using KnowledgeBase.Core.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class ApiKeyEntityTypeConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(ApiKey.MaxNameLength);
        builder.Property(k => k.KeyId).HasMaxLength(32);
        builder.Property(k => k.SecretHash).HasMaxLength(64);
        builder.Property(k => k.Scopes).HasMaxLength(500);
        builder.Property(k => k.Audience).HasConversion<string>().HasMaxLength(20);
        builder.Property(k => k.CreatedBy).HasMaxLength(256);
        builder.Property(k => k.Client).HasMaxLength(Core.Articles.ClientNames.MaxLength);
        builder.Property(k => k.RevokedBy).HasMaxLength(256);
        builder.Ignore(k => k.IsRevoked);
        builder.Ignore(k => k.ScopeList);
        builder.Ignore(k => k.Actor);
        builder.HasIndex(k => k.KeyId).IsUnique();
        builder.HasIndex(k => k.Name).IsUnique();
    }
}
