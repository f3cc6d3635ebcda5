namespace KnowledgeBase.Data.Attachments;

/// <summary>Why an upload was not stored: too large (413), a type we do not accept or an empty file (415 / 400).</summary>
public sealed class AttachmentRefusedException(AttachmentRefusal refusal, string message) : Exception(message)
{
    public AttachmentRefusal Refusal { get; } = refusal;
}

public enum AttachmentRefusal
{
    TooLarge,
    RefusedType,
    Empty,
}
