using static KnowledgeBase.Search.Tests.TestIndex;

namespace KnowledgeBase.Search.Tests;

/// <summary>Whatever is typed, search answers with results or a message, never an exception.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TestIndex _index = new(null, [.. Filler(5), Doc("vpn", "VPN error 809 (L2TP)", "Error 809: the network connection could not be established.")]);

    public void Dispose() => _index.Dispose();

    public static TheoryData<string> Inputs() =>
    [
        "\"unbalanced quote", "vpn\"", "(vpn", "vpn)", "((vpn))", "AND", "OR", "NOT", "vpn AND", "OR vpn", "NOT vpn", "+", "-", "+vpn",
        "-vpn", "- vpn", "*", "?", "vpn*", "v?n", "&&", "||", "!", "!vpn", "{", "}", "[", "]", "[a TO z]", "^", "vpn^2", "~", "vpn~",
        "vpn~0.5", ":", "title:vpn", "\\", "vpn\\", "/", "/regex/", "+ - && || ! ( ) { } [ ] ^ \" ~ * ? : \\ /", "",
        "   ", "\t\n\r", "\0", "vpn\u0001\u0002\u0003809", "\u001b[31mvpn", new string('a', 10_000), string.Join(' ', Enumerable.Repeat("vpn", 5_000)),
        "\ud800", "\udc00vpn", "😀", "😀 vpn", "\"\"", "\"", "\"-\"", "-\"vpn 809\"", "\"vpn", "🙂\"🙂", "0x", "0xZZ", "KB", "...", "a_b_", "_",
        "-0x80070005", "c$", "$$$", "'", "won't'", "%%", "<script>alert(1)</script>", "' OR 1=1 --",
    ];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Any_input_gives_results_or_a_message(string query)
    {
        foreach (var prefix in new[] { false, true })
        {
            var results = _index.Search(query, r => r with { PrefixLastTerm = prefix });
            Assert.Equal(results.TotalHits, Math.Max(results.TotalHits, results.Hits.Count));
            if (AsksForVpn(query))
                Assert.Contains("vpn", results.Hits.Select(h => h.Id));
            else if (!HasWords(query) && results.Hits.Count > 0)
                Assert.Equal(Browse(prefix), results.Hits.Select(h => h.Id));
        }
        var suggestions = _index.Service.SuggestForTicket(query, query, null, KnowledgeBase.Core.Access.Reader.Internal, 5);
        var similar = _index.Service.Similar(query, query, null, KnowledgeBase.Core.Access.Reader.Internal, 5);
        if (AsksForVpn(query))
        {
            Assert.Contains("vpn", suggestions.Hits.Select(h => h.Id));
            Assert.Contains("vpn", similar.Select(h => h.Id));
        }
    }

    /// <summary>The query holds "vpn" as a word of its own that is not excluded: the VPN article must come back.</summary>
    private static bool AsksForVpn(string query) =>
        System.Text.RegularExpressions.Regex.IsMatch(query, @"(?<![-\w!])vpn(?!\w)") && !query.StartsWith("NOT", StringComparison.Ordinal)
        && !query.Contains("-\"vpn", StringComparison.Ordinal) && query.Length < 10_000;

    /// <summary>Letters or digits someone typed: operators, punctuation and blanks alone ask for nothing in particular.</summary>
    private static bool HasWords(string query) => query.Any(char.IsLetterOrDigit);

    /// <summary>What an empty search lists: asking for nothing in particular lists the same, or nothing.</summary>
    private IEnumerable<string> Browse(bool prefix) => _index.Search("", r => r with { PrefixLastTerm = prefix }).Hits.Select(h => h.Id);

    [Fact]
    public void Unbalanced_quote_is_ignored_with_a_message()
    {
        var results = _index.Search("\"error 809");
        Assert.Equal("vpn", results.Hits.Single().Id);
        Assert.Equal("Unbalanced quote ignored", results.Message);
    }

    [Fact]
    public void Lucene_syntax_is_just_punctuation()
    {
        Assert.Equal("vpn", _index.Ids("title:vpn AND (error~ OR 809^2)").First());
        Assert.Equal("vpn", _index.Ids("L2TP)").First());
    }

    [Fact]
    public void Very_long_query_is_shortened_with_a_message()
    {
        var results = _index.Search("vpn error 809 " + new string('x', 10_000));
        Assert.Equal("vpn", results.Hits.First().Id);
        Assert.Contains("first 1,000 characters", results.Message);
    }

    [Fact]
    public void Exclusions_alone_explain_why_nothing_matches()
    {
        var results = _index.Search("-vpn");
        Assert.Empty(results.Hits);
        Assert.NotNull(results.Message);
    }

    [Fact]
    public void Only_punctuation_explains_why_nothing_matches()
    {
        var results = _index.Search("+ - && ||");
        Assert.Empty(results.Hits);
        Assert.NotNull(results.Message);
    }

    [Fact]
    public void Empty_query_browses_everything_visible()
    {
        var results = _index.Search("");
        Assert.Equal(6, results.TotalHits);
        Assert.Null(results.Message);
    }
}
