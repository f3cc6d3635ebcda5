using KnowledgeBase.Core.Psa;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KnowledgeBase.Data.EntityConfigurations;

internal sealed class PsaNonceEntityTypeConfiguration : IEntityTypeConfiguration<PsaNonce>
{
    public void Configure(EntityTypeBuilder<PsaNonce> builder)
    {
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Value).HasMaxLength(PsaNonce.MaxLength);
        builder.Property(n => n.Result).HasMaxLength(200);
        // Spending a nonce is an insert: of two uses at once exactly one succeeds.
        builder.HasIndex(n => new { n.InstanceId, n.Value }).IsUnique();
        builder.HasIndex(n => n.ExpiresAt);
        builder.HasOne<PsaInstance>().WithMany().HasForeignKey(n => n.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
