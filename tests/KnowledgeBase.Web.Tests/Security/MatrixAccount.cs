using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Web.Tests.Security;

/// <summary>
/// One column of the matrix: anonymous, a signed-in user of each role and audience, or an API key of each audience
/// presented to the site (the site does not take keys: it must treat them as anonymous).
/// </summary>
public sealed record MatrixAccount(string Name, Viewer Viewer, KcsRole? Role, Audience Audience, bool IsKey)
{
    public static IEnumerable<MatrixAccount> All()
    {
        yield return new("anonymous", Viewer.Anonymous, null, Audience.Customer, false);
        foreach (var audience in new[] { Audience.Internal, Audience.Customer })
            foreach (var role in Enum.GetValues<KcsRole>())
                yield return new($"{audience.ToString().ToLowerInvariant()} {role}", new Viewer(role, audience), role, audience, false);
        yield return new("internal API key", Viewer.Anonymous, null, Audience.Internal, true);
        yield return new("customer API key", Viewer.Anonymous, null, Audience.Customer, true);
    }

    /// <summary>A customer-audience user, or anyone else who must never receive internal data.</summary>
    public bool ReadsAsCustomer => !Viewer.IsInternal;

    public override string ToString() => Name;
}
