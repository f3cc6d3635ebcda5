using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Access;

/// <summary>
/// What a read path needs to know of who reads: the audience, and for a customer reader the client it is bound to
/// (its key, <see cref="ClientNames.Key"/>; null for an internal reader and for a customer bound to no client). Every
/// read below the web layer — the API's lists and feeds, search, attachments, exports, webhooks — takes one, so none
/// can filter by audience and forget the client (<see cref="AccessPolicy.ReaderMaySee"/>).
/// </summary>
public sealed record Reader
{
    public static readonly Reader Internal = new(Audience.Internal, null);

    /// <param name="client">The customer's client as named anywhere (it is normalised here); ignored for an internal reader.</param>
    public Reader(Audience audience, string? client)
    {
        Audience = audience == Audience.Internal ? Audience.Internal : Audience.Customer;
        Client = Audience == Audience.Internal ? null : ClientNames.KeyOrNull(client);
    }

    /// <summary>A customer reader of <paramref name="client"/> (null: of no client — global customer articles only).</summary>
    public static Reader Customer(string? client) => new(Audience.Customer, client);

    public Audience Audience { get; }

    /// <summary>The client key a customer reader is bound to; null for internal readers and unbound customers.</summary>
    public string? Client { get; }

    public bool IsInternal => Audience == Audience.Internal;

    public override string ToString() => IsInternal ? "internal" : Client is null ? "customer" : $"customer of {Client}";
}
