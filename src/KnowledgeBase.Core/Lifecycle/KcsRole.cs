namespace KnowledgeBase.Core.Lifecycle;

/// <summary>KCS licensing levels, lowest first. Coordinators and technicians hold one of them.</summary>
public enum KcsRole
{
    Candidate = 0,
    Contributor = 1,
    Publisher = 2,
    Coach = 3,
    KnowledgeDomainExpert = 4,
    Admin = 5,
}
