using KnowledgeBase.Core.Owners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class TeamEntityTypeConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedOnAdd();
        builder.Property(t => t.Name).HasMaxLength(Team.MaxNameLength);
        // Names are looked up case-insensitively; the normalized copy makes "unique regardless of case" a database rule.
        builder.Property(t => t.NormalizedName).HasMaxLength(Team.MaxNameLength);
        builder.HasIndex(t => t.NormalizedName).IsUnique();
        builder.Property(t => t.Description).HasMaxLength(Team.MaxDescriptionLength);
        builder.Ignore(t => t.Ref);
        builder.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
