using KnowledgeBase.Core.Categories;
using KnowledgeBase.Core.Psa;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class PsaCategoryMappingEntityTypeConfiguration : IEntityTypeConfiguration<PsaCategoryMapping>
{
    public void Configure(EntityTypeBuilder<PsaCategoryMapping> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Field).HasMaxLength(40);
        builder.Property(m => m.Value).HasMaxLength(PsaCategoryMapping.MaxValueLength);
        builder.Property(m => m.CategoryId).HasMaxLength(64);
        builder.HasIndex(m => new { m.InstanceId, m.Position });
        builder.HasOne<PsaInstance>().WithMany().HasForeignKey(m => m.InstanceId).OnDelete(DeleteBehavior.Cascade);
        // A deleted category takes its mapping rows with it: tickets of that board are then uncategorised, not mis-filed.
        builder.HasOne<TicketCategory>().WithMany().HasForeignKey(m => m.CategoryId).OnDelete(DeleteBehavior.Cascade);
    }
}
