using KnowledgeBase.Core.Psa;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class PsaMemberMappingEntityTypeConfiguration : IEntityTypeConfiguration<PsaMemberMapping>
{
    public void Configure(EntityTypeBuilder<PsaMemberMapping> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Member).HasMaxLength(PsaMemberMapping.MaxMemberLength);
        builder.Property(m => m.UserName).HasMaxLength(256);
        // Members are compared without case: stored lower-case, one row per member.
        builder.HasIndex(m => new { m.InstanceId, m.Member }).IsUnique();
        builder.HasOne<PsaInstance>().WithMany().HasForeignKey(m => m.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
