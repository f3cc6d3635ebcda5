using System.Globalization;
using System.Security.Claims;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Web.Identity;

namespace KnowledgeBase.Web.Api;

/// <summary>The API key a request was authenticated with, as the handlers need it.</summary>
/// <param name="Client">The client a customer key is bound to (null: none, or an internal key).</param>
public sealed record ApiCaller(long KeyId, string KeyName, Actor Actor, Audience Audience, string? Client = null)
{
    public bool IsCustomer => Audience == Audience.Customer;

    /// <summary>The key as the access policy sees it.</summary>
    public Core.Access.Viewer Viewer => new(Actor.Role, Audience, Client);

    /// <summary>The key as read paths take it: audience and client.</summary>
    public Core.Access.Reader Reader => Viewer.Reader;

    public static ApiCaller Of(ClaimsPrincipal user)
    {
        var keyId = long.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) ?? throw new InvalidOperationException("Not an API key request."), CultureInfo.InvariantCulture);
        var actor = user.ActorOf() ?? throw new InvalidOperationException("An API key principal has a role.");
        return new ApiCaller(keyId, actor.Name[KnowledgeBase.Core.Lifecycle.ActorNames.KeyPrefix.Length..], actor, user.AudienceOf(), user.FindFirstValue(KbClaims.Client));
    }
}
