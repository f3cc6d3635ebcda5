using System.Globalization;
using System.Security.Claims;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Web.Identity;

namespace KnowledgeBase.Web.Api;

/// <summary>The API key a request was authenticated with, as the handlers need it.</summary>
public sealed record ApiCaller(long KeyId, string KeyName, Actor Actor, Audience Audience)
{
    public bool IsCustomer => Audience == Audience.Customer;

    /// <summary>The key as the access policy sees it.</summary>
    public Core.Access.Viewer Viewer => new(Actor.Role, Audience);

    public static ApiCaller Of(ClaimsPrincipal user)
    {
        var keyId = long.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) ?? throw new InvalidOperationException("Not an API key request."), CultureInfo.InvariantCulture);
        var actor = user.ActorOf() ?? throw new InvalidOperationException("An API key principal has a role.");
        return new ApiCaller(keyId, actor.Name[KnowledgeBase.Core.Lifecycle.ActorNames.KeyPrefix.Length..], actor, user.AudienceOf());
    }
}
