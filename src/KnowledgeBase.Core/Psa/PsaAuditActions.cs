namespace KnowledgeBase.Core.Psa;

/// <summary>What the audit trail records about PSA instances (secrets never appear in its details).</summary>
public static class PsaAuditActions
{
    public const string InstanceCreated = "psa.instance-created";
    public const string InstanceChanged = "psa.instance-changed";
    public const string InstanceDeleted = "psa.instance-deleted";
    public const string SecretSet = "psa.secret-set";
    public const string MappingChanged = "psa.mapping-changed";
}
