using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ordering.Domain;

namespace Ordering.Persistence;

internal sealed class CustomerGateConfiguration : IEntityTypeConfiguration<CustomerGate>
{
    public void Configure(EntityTypeBuilder<CustomerGate> gate)
    {
        gate.ToTable("customer_gates");
        gate.HasKey(g => g.CustomerId);
        gate.Property(g => g.CustomerId).ValueGeneratedNever();
    }
}
