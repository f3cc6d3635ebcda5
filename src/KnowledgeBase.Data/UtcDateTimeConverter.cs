using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KnowledgeBase.Data;

/// <summary>Stores every DateTime as UTC and reads it back marked as UTC, so both providers behave the same.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
