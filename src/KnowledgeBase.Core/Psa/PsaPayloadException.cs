namespace KnowledgeBase.Core.Psa;

/// <summary>A vendor event the receiver cannot read (not JSON, no ticket id…); the message says what is wrong and where.</summary>
public sealed class PsaPayloadException(string message) : Exception(message);
