using KnowledgeBase.Search.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace KnowledgeBase.Search.Tests;

public class AnalyzerTests
{
    private static List<string> Terms(string text, bool stem = true)
    {
        using var analyzer = new ItAnalyzer(stem);
        using var stream = analyzer.GetTokenStream("text", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        var terms = new List<string>();
        while (stream.IncrementToken()) terms.Add(term.ToString());
        stream.End();
        return terms;
    }

    [Fact]
    public void File_names_are_kept_whole_and_split_into_parts()
    {
        var terms = Terms("Outlook.exe crashes");
        Assert.Contains("outlook.exe", terms);
        Assert.Contains("outlook", terms);
        Assert.Contains(Terms("exe").Single(), terms);
    }

    [Fact]
    public void Underscored_identifiers_are_kept_whole_and_split_into_parts()
    {
        var terms = Terms("ERR_SSL_PROTOCOL_ERROR in Edge");
        Assert.Contains("err_ssl_protocol_error", terms);
        Assert.Contains("ssl", terms);
        Assert.Contains("protocol", terms);
    }

    [Fact]
    public void Hex_codes_lose_the_0x_prefix_so_both_spellings_match()
    {
        Assert.Equal(["80070005"], Terms("0x80070005"));
        Assert.Equal(["80070005"], Terms("80070005"));
        Assert.Equal(["8007000d"], Terms("0x8007000D"));
    }

    [Fact]
    public void Kb_numbers_yield_the_whole_the_letters_and_the_number()
    {
        var terms = Terms("KB5034441");
        Assert.Equal(["kb5034441", "kb", "5034441"], terms);
        Assert.Equal(["kb", "5034441"], Terms("KB 5034441"));
    }

    [Fact]
    public void Versions_are_kept_whole_and_by_their_numbers()
    {
        var terms = Terms("build 10.0.19045");
        Assert.Contains("10.0.19045", terms);
        Assert.Contains("19045", terms);
    }

    [Fact]
    public void Event_ids_are_plain_number_tokens()
    {
        Assert.Equal(["event", "id", "4625"], Terms("Event ID 4625"));
    }

    [Fact]
    public void English_words_are_stemmed_but_identifiers_are_not()
    {
        Assert.Equal(Terms("configured"), Terms("configuring"));
        Assert.Contains("settings.json", Terms("settings.json"));
    }

    [Fact]
    public void Stop_words_are_dropped_but_not_and_no_are_kept()
    {
        var terms = Terms("the file is not found and there is no signal");
        Assert.DoesNotContain("the", terms);
        Assert.DoesNotContain("is", terms);
        Assert.Contains("not", terms);
        Assert.Contains("no", terms);
    }

    [Fact]
    public void Apostrophes_disappear_so_hurried_typing_matches()
    {
        Assert.Equal(Terms("wont"), Terms("won't"));
        Assert.Equal(Terms("cant"), Terms("can’t"));
    }

    [Fact]
    public void Accents_are_folded_and_offsets_stay_on_the_original_text()
    {
        using var analyzer = new ItAnalyzer(stem: false);
        const string text = "Überprüfung 😀 café";
        using var stream = analyzer.GetTokenStream("text", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        var found = new List<(string Term, string Original)>();
        while (stream.IncrementToken()) found.Add((term.ToString(), text[offset.StartOffset..offset.EndOffset]));
        stream.End();
        Assert.Equal([("uberprufung", "Überprüfung"), ("cafe", "café")], found);
    }

    [Fact]
    public void Hyphenated_words_are_also_indexed_joined()
    {
        var terms = Terms("multi-factor", stem: false);
        Assert.Contains("multi-factor", terms);
        Assert.Contains("multifactor", terms);
        Assert.Contains("factor", terms);
    }

    [Fact]
    public void Word_pairs_are_added_for_indexing_only()
    {
        using var analyzer = new ItAnalyzer(stem: true, bigrams: true);
        using var stream = analyzer.GetTokenStream("text", "document already exists");
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        var terms = new List<string>();
        while (stream.IncrementToken()) terms.Add(term.ToString());
        stream.End();
        Assert.Contains("_alreadi exist", terms);
        Assert.Contains("_document alreadi", terms);
        Assert.DoesNotContain("_alreadi exist", Terms("document already exists"));
    }
}
