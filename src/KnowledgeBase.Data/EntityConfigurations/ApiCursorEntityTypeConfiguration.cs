using KnowledgeBase.Core.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class ApiCursorEntityTypeConfiguration : IEntityTypeConfiguration<ApiCursor>
{
    public void Configure(EntityTypeBuilder<ApiCursor> builder)
    {
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(64);
    }
}
