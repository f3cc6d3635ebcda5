using KnowledgeBase.Core.Audit;

namespace KnowledgeBase.Core.Tests.Audit;

public sealed class AuditEntryTests
{
    private static readonly DateTime Now = new(2026, 12, 6, 17, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void An_audit_entry_keeps_short_texts_as_given()
    {
        var entry = AuditEntry.Create(Now, "ana", AuditActions.ArticleReviewed, "kb-1", "still accurate", "10.0.0.1");
        Assert.Equal((Now, "ana", AuditActions.ArticleReviewed, "kb-1", "still accurate", "10.0.0.1"),
            (entry.OccurredAt, entry.Actor, entry.Action, entry.Target, entry.Details, entry.RemoteAddress));
        Assert.Null(AuditEntry.Create(Now, "ana", AuditActions.ArticleReviewed, "kb-1").RemoteAddress);
    }

    [Fact]
    public void Every_text_of_an_audit_entry_is_cut_to_its_column_length()
    {
        var entry = AuditEntry.Create(Now, new string('a', 300), new string('x', 70), new string('t', 300), new string('d', 5000), new string('1', 80));
        Assert.Equal(AuditEntry.MaxActorLength, entry.Actor.Length);
        Assert.Equal(AuditEntry.MaxActionLength, entry.Action.Length);
        Assert.Equal(AuditEntry.MaxTargetLength, entry.Target.Length);
        Assert.Equal(4000, AuditEntry.MaxDetailsLength);
        Assert.Equal(AuditEntry.MaxDetailsLength, entry.Details.Length);
        Assert.Equal(AuditEntry.MaxRemoteAddressLength, entry.RemoteAddress!.Length);
    }
}
