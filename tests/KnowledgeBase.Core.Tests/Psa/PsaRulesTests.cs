using KnowledgeBase.Core.Psa;

namespace KnowledgeBase.Core.Tests.Psa;

public sealed class PsaRulesTests
{
    [Theory]
    [InlineData("https://acme.halopsa.com/", "https://acme.halopsa.com")]
    [InlineData("HTTPS://Acme.MyConnectWise.net:443", "https://acme.myconnectwise.net")]
    [InlineData("https://*.autotask.net", "https://*.autotask.net")]
    [InlineData("http://127.0.0.1:5870", "http://127.0.0.1:5870")]
    [InlineData("https://psa.example.com:8443", "https://psa.example.com:8443")]
    public void A_frame_origin_is_kept_as_the_origin_a_browser_compares(string raw, string expected)
    {
        Assert.Null(PsaInstanceRules.NormalizeOrigin(raw, out var origin));
        Assert.Equal(expected, origin);
    }

    [Theory]
    [InlineData("acme.halopsa.com", "not an origin")]
    [InlineData("https://acme.halopsa.com/tickets", "path")]
    [InlineData("https://acme.halopsa.com/?a=1", "path")]
    [InlineData("http://psa.example.com", "not https")]
    [InlineData("javascript:alert(1)", "not an origin")]
    [InlineData("https://user@psa.example.com", "user")]
    public void A_frame_origin_that_is_not_one_is_refused_with_the_reason(string raw, string reason)
    {
        Assert.Contains(reason, PsaInstanceRules.NormalizeOrigin(raw, out _));
    }

    [Fact]
    public void The_category_table_takes_the_first_row_that_matches_an_id_or_a_name()
    {
        var rows = new[]
        {
            new PsaCategoryMapping { Id = 1, Field = "board", Value = "Service Desk", CategoryId = "general", Position = 2 },
            new PsaCategoryMapping { Id = 2, Field = "subtype", Value = "32", CategoryId = "email-outlook", Position = 1 },
        };
        Assert.Equal("email-outlook", PsaCategoryMapping.Resolve(rows, [new PsaField("board", "1", "Service Desk"), new PsaField("subtype", "32", "Outlook")]));
        Assert.Equal("general", PsaCategoryMapping.Resolve(rows, [new PsaField("board", "1", "service desk")]));
        Assert.Null(PsaCategoryMapping.Resolve(rows, [new PsaField("type", "32", "Outlook")]));
    }
}
