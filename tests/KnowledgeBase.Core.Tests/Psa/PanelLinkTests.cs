using KnowledgeBase.Core.Psa;

namespace KnowledgeBase.Core.Tests.Psa;

/// <summary>Panel links signed by the PSA side: accepted when intact and current, refused (and why) otherwise.</summary>
public sealed class PanelLinkTests
{
    private const string Secret = "kbpsa_test-secret";
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly long In5Minutes = new DateTimeOffset(Now.AddMinutes(5)).ToUnixTimeSeconds();
    private const string Nonce = "n0nce-0123456789ab";

    private static PanelLinkVerdict Check(string member = "ana.lima@msp.example", long? exp = null, string nonce = Nonce, string? sig = null, string ticket = "48213", string slug = "cw")
    {
        var expires = exp ?? In5Minutes;
        sig ??= PanelLink.Sign(Secret, "cw", "48213", "ana.lima@msp.example", In5Minutes, Nonce);
        return PanelLink.Check(Secret, slug, ticket, member, expires.ToString(System.Globalization.CultureInfo.InvariantCulture), nonce, sig, Now, out _, out _);
    }

    [Fact]
    public void An_intact_current_link_is_valid()
    {
        // The documented example: HMAC-SHA256 of the canonical lines, lower-case hex.
        Assert.Equal("kbpsa1\ncw\n48213\nana.lima@msp.example\n" + In5Minutes + "\n" + Nonce, PanelLink.Canonical("cw", "48213", "ana.lima@msp.example", In5Minutes, Nonce));
        Assert.Equal(PanelLinkVerdict.Valid, Check());
        Assert.Equal(PanelLinkVerdict.Valid, Check(sig: PanelLink.Sign(Secret, "cw", "48213", "ana.lima@msp.example", In5Minutes, Nonce).ToUpperInvariant()));
    }

    [Theory]
    [InlineData("member")]
    [InlineData("ticket")]
    [InlineData("slug")]
    [InlineData("exp")]
    [InlineData("nonce")]
    public void A_link_with_any_part_changed_is_refused(string part)
    {
        var verdict = part switch
        {
            "member" => Check(member: "admin@msp.example"),
            "ticket" => Check(ticket: "48214"),
            "slug" => Check(slug: "halo"),
            "exp" => Check(exp: In5Minutes + 60),
            _ => Check(nonce: "another-nonce-12345"),
        };
        Assert.Equal(PanelLinkVerdict.BadSignature, verdict);
    }

    [Fact]
    public void An_expired_or_too_long_lived_or_incomplete_link_is_refused_and_says_why()
    {
        var past = new DateTimeOffset(Now.AddMinutes(-2)).ToUnixTimeSeconds();
        Assert.Equal(PanelLinkVerdict.Expired, Check(exp: past, sig: PanelLink.Sign(Secret, "cw", "48213", "ana.lima@msp.example", past, Nonce)));
        var tomorrow = new DateTimeOffset(Now.AddDays(1)).ToUnixTimeSeconds();
        Assert.Equal(PanelLinkVerdict.TooLong, Check(exp: tomorrow, sig: PanelLink.Sign(Secret, "cw", "48213", "ana.lima@msp.example", tomorrow, Nonce)));
        Assert.Equal(PanelLinkVerdict.Missing, PanelLink.Check(Secret, "cw", "1", null, "1", Nonce, "x", Now, out _, out var problem));
        Assert.Equal("missing member", problem);
        Assert.Equal(PanelLinkVerdict.Malformed, Check(nonce: "short"));
        Assert.Equal(PanelLinkVerdict.Malformed, PanelLink.Check(Secret, "cw", "1", "m", "soon", Nonce, "x", Now, out _, out _));
    }
}
