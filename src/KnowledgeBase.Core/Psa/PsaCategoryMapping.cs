namespace KnowledgeBase.Core.Psa;

/// <summary>
/// One row of an instance's category table: tickets whose <see cref="Field"/> (a ConnectWise board, an Autotask queue,
/// a HaloPSA ticket type…) has <see cref="Value"/> (its id or its name) belong to <see cref="CategoryId"/>. Rows are
/// tried in <see cref="Position"/> order; the first that matches wins.
/// </summary>
public sealed class PsaCategoryMapping
{
    public const int MaxValueLength = 200;

    public long Id { get; init; }
    public long InstanceId { get; init; }
    public required string Field { get; set; }
    public required string Value { get; set; }
    public required string CategoryId { get; set; }
    public int Position { get; set; }

    /// <summary>The category of a ticket with these field values (id or name, compared without case), or null when no row matches.</summary>
    public static string? Resolve(IEnumerable<PsaCategoryMapping> rows, IReadOnlyList<PsaField> fields) =>
        rows.OrderBy(r => r.Position).ThenBy(r => r.Id)
            .FirstOrDefault(r => fields.Any(f => string.Equals(f.Name, r.Field, StringComparison.OrdinalIgnoreCase)
                && (string.Equals(f.Id, r.Value.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(f.Label, r.Value.Trim(), StringComparison.OrdinalIgnoreCase))))
            ?.CategoryId;
}

/// <summary>A PSA ticket field a category may be mapped from: its name (board, queue…), the value's id and its label.</summary>
public sealed record PsaField(string Name, string? Id, string? Label);
