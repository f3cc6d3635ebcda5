using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Throttling;

/// <summary>What is counted per source, each with its own limit and window.</summary>
public enum ThrottleKind
{
    SignInFailure,
    UnauthenticatedApi,
    /// <summary>"Forgot password" requests, each counted whether or not the address has an account.</summary>
    PasswordResetRequest,
}

/// <summary>
/// Fixed-window counters per source address for what an attacker repeats from one place: failed sign-ins (password
/// spraying across many accounts, which the per-account lockout never sees) and API requests without a valid key
/// (floods of wrong keys, guesses at a key's secret). A source over its limit is refused before anything is checked
/// until its window ends, so the refusal itself answers no guess.
/// </summary>
/// <remarks>
/// A source is an IPv4 address or an IPv6 /64 (one customer line holds a whole /64, so counting single IPv6 addresses
/// would let one sender rotate forever). Memory is bounded by <see cref="ThrottlingOptions.MaxTrackedSources"/>.
/// </remarks>
public sealed class SourceThrottle(IOptions<ThrottlingOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(ThrottleKind, string), Window> _windows = new();

    private sealed class Window(DateTime start)
    {
        public DateTime Start { get; } = start;
        public int Count;
    }

    private ThrottlingOptions Options => options.Value;

    /// <summary>How long the source must wait, or null when it may go ahead.</summary>
    public TimeSpan? RetryAfter(ThrottleKind kind, IPAddress? address)
    {
        if (!Options.Enabled || SourceOf(address) is not { } source) return null;
        if (!_windows.TryGetValue((kind, source), out var window)) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var end = window.Start + Length(kind);
        if (now >= end) return null;
        return Volatile.Read(ref window.Count) >= Limit(kind) ? end - now : null;
    }

    /// <summary>Counts one more failure (or unauthenticated request) of the source.</summary>
    public void Count(ThrottleKind kind, IPAddress? address)
    {
        if (!Options.Enabled || SourceOf(address) is not { } source) return;
        var now = clock.GetUtcNow().UtcDateTime;
        if (_windows.Count >= Options.MaxTrackedSources) Prune(now);
        var window = _windows.AddOrUpdate((kind, source), _ => new Window(now), (_, current) => now >= current.Start + Length(kind) ? new Window(now) : current);
        Interlocked.Increment(ref window.Count);
    }

    public int Limit(ThrottleKind kind) => kind switch
    {
        ThrottleKind.SignInFailure => Options.SignInFailures,
        ThrottleKind.PasswordResetRequest => Options.PasswordResetRequests,
        _ => Options.UnauthenticatedApiRequests,
    };

    public TimeSpan Length(ThrottleKind kind) => kind switch
    {
        ThrottleKind.SignInFailure => TimeSpan.FromMinutes(Options.SignInWindowMinutes),
        ThrottleKind.PasswordResetRequest => TimeSpan.FromMinutes(Options.PasswordResetWindowMinutes),
        _ => TimeSpan.FromSeconds(Options.UnauthenticatedApiWindowSeconds),
    };

    /// <summary>The counted unit of an address: IPv4 as is (IPv4-mapped IPv6 too), IPv6 by its /64.</summary>
    public static string? SourceOf(IPAddress? address)
    {
        if (address is null) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private void Prune(DateTime now)
    {
        foreach (var (key, window) in _windows)
            if (now >= window.Start + Length(key.Item1)) _windows.TryRemove(key, out _);
        // Still full (a flood from very many sources): drop the oldest half rather than grow without bound.
        if (_windows.Count < Options.MaxTrackedSources) return;
        foreach (var key in _windows.OrderBy(w => w.Value.Start).Take(_windows.Count / 2).Select(w => w.Key).ToList())
            _windows.TryRemove(key, out _);
    }
}
